<#ftl strip_whitespace=true>
<#-- Register: a code to confirm the address while creating an account. -->
<#import "/lib/layout.ftl" as layout>
<@layout.page>
<@layout.heading text=m["Register.heading"]/>
<@layout.paragraph text=m["Register.intro"]/>
<@layout.codeBox/>
<@layout.note text=m["layout.ignore"]/>
</@layout.page>
