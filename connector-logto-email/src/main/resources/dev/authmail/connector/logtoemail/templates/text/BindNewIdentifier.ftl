<#ftl strip_whitespace=true>
<#-- BindNewIdentifier: a code to link a new email address to an existing account. -->
<#import "/lib/layout.ftl" as layout>
<@layout.page>
<@layout.heading text=m["BindNewIdentifier.heading"]/>
<@layout.paragraph text=m["BindNewIdentifier.intro"]/>
<@layout.codeBox/>
<@layout.note text=m["layout.ignore"]/>
</@layout.page>
