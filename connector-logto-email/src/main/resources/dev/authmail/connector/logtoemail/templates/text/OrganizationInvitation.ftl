<#ftl strip_whitespace=true>
<#--
  OrganizationInvitation: an invitation to join an organization. The only usage type with a link:
  the platform's invitation link (EmailRenderer has checked it). A code, when the platform sends
  one too, is shown below the button.
-->
<#import "/lib/layout.ftl" as layout>
<#if organization?? && inviter??>
  <#assign intro = m["OrganizationInvitation.intro"]>
<#elseif organization??>
  <#assign intro = m["OrganizationInvitation.introNoInviter"]>
<#else>
  <#assign intro = m["OrganizationInvitation.introNoName"]>
</#if>
<@layout.page>
<@layout.heading text=m["OrganizationInvitation.heading"]/>
<@layout.paragraph text=intro/>
<#if link??>
<@layout.invitationButton/>
</#if>
<#if code??>
<@layout.codeBox/>
</#if>
<@layout.note text=m["invitation.ignore"]/>
</@layout.page>
