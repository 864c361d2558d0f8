<#ftl strip_whitespace=true>
<#-- ForgotPassword: a code to reset a forgotten password. -->
<#import "/lib/layout.ftl" as layout>
<@layout.page>
<@layout.heading text=m["ForgotPassword.heading"]/>
<@layout.paragraph text=m["ForgotPassword.intro"]/>
<@layout.codeBox/>
<@layout.note text=m["layout.ignore"]/>
</@layout.page>
