<#-- base/login/error.ftl (26.7.3) with ActionGate's page for a GPT whose callback is not approved yet:
     a title without jargon, a line for the user and one for the GPT's builder. -->
<#import "template.ftl" as layout>
<#import "actiongate-brand.ftl" as brand>
<@layout.registrationLayout displayMessage=false; section>
    <#assign notApproved = (message.summary)! == msg("actiongateCallbackNotApproved")>
    <#if section = "header">
        <#if notApproved>
            <@brand.serviceLogo/>${msg("actiongateCallbackNotApprovedTitle")}
        <#else>
            ${kcSanitize(msg("errorTitle"))?no_esc}
        </#if>
    <#elseif section = "form">
        <div id="kc-error-message">
            <p class="instruction">${kcSanitize(message.summary)?no_esc}</p>
            <#if notApproved>
                <p class="instruction" id="actiongate-user-help">${msg("actiongateCallbackNotApprovedUser")}</p>
                <p class="instruction actiongate-note" id="actiongate-builder-help">${msg("actiongateCallbackNotApprovedBuilder", realm.displayName)}</p>
            </#if>
            <#if traceId??>
                <p class="instruction" id="traceId">${msg("traceIdSupportMessage", traceId)}</p>
            </#if>
            <#if skipLink??>
            <#else>
                <#if client?? && client.baseUrl?has_content>
                    <p><a id="backToApplication" href="${client.baseUrl}">${msg("backToApplication")}</a></p>
                </#if>
            </#if>
        </div>
    </#if>
</@layout.registrationLayout>
