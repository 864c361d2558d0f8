<#ftl strip_whitespace=true>
<#-- Generic: a verification code for any other purpose (also what a connector test sends). -->
<#import "/lib/layout.ftl" as layout>
<@layout.page>
<@layout.heading text=m["Generic.heading"]/>
<@layout.paragraph text=m["Generic.intro"]/>
<@layout.codeBox/>
<@layout.note text=m["layout.ignore"]/>
</@layout.page>
