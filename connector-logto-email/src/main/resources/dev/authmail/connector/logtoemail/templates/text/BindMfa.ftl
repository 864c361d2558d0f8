<#ftl strip_whitespace=true>
<#-- BindMfa: a code that adds this address as a two-step verification method. -->
<#import "/lib/layout.ftl" as layout>
<@layout.page>
<@layout.heading text=m["BindMfa.heading"]/>
<@layout.paragraph text=m["BindMfa.intro"]/>
<@layout.codeBox/>
<@layout.note text=m["layout.ignore"]/>
</@layout.page>
