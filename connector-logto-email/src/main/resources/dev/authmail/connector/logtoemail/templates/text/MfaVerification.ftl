<#ftl strip_whitespace=true>
<#-- MfaVerification: a code that completes two-step verification at sign-in. -->
<#import "/lib/layout.ftl" as layout>
<@layout.page>
<@layout.heading text=m["MfaVerification.heading"]/>
<@layout.paragraph text=m["MfaVerification.intro"]/>
<@layout.codeBox/>
<@layout.note text=m["layout.ignore"]/>
</@layout.page>
