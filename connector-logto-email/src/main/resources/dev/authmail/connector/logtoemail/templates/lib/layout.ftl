<#ftl strip_whitespace=true>
<#--
  The one layout every built-in email shares (text part). Plain text is not escaped: it is never
  interpreted as markup. Same data model as layout.ftlh.
-->
<#macro page>
<#nested>

--
${m["layout.doNotReply"]}
<#if company?has_content>

<#list company as line>
${line}
</#list>
</#if>
</#macro>

<#macro heading text>
${text}

</#macro>

<#macro paragraph text>
${text}

</#macro>

<#macro note text>
${text}

</#macro>

<#macro codeBox>
${m["layout.codeLabel"]}

    ${code}

${m["layout.expiry"]}
${m["layout.neverShare"]}

</#macro>

<#macro invitationButton>
${m["invitation.button"]}
${link}

</#macro>
