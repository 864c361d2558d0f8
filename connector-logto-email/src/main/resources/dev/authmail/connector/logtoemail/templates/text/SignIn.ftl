<#ftl strip_whitespace=true>
<#-- SignIn: a one-time code to sign in. -->
<#import "/lib/layout.ftl" as layout>
<@layout.page>
<@layout.heading text=m["SignIn.heading"]/>
<@layout.paragraph text=m["SignIn.intro"]/>
<@layout.codeBox/>
<@layout.note text=m["layout.ignore"]/>
</@layout.page>
