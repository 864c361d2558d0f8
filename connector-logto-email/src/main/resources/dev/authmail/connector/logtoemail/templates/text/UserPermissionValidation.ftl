<#ftl strip_whitespace=true>
<#-- UserPermissionValidation: a code to confirm identity before a sensitive change. -->
<#import "/lib/layout.ftl" as layout>
<@layout.page>
<@layout.heading text=m["UserPermissionValidation.heading"]/>
<@layout.paragraph text=m["UserPermissionValidation.intro"]/>
<@layout.codeBox/>
<@layout.note text=m["layout.ignore"]/>
</@layout.page>
