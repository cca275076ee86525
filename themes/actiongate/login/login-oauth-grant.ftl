<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<#import "actiongate-brand.ftl" as brand>
<!-- template: login-oauth-grant.ftl (ActionGate: keycloak.v2 26.7.3's, header, lead and revoke note changed) -->
<@layout.registrationLayout bodyClass="oauth"; section>
    <#-- ActionGate: who asks (the GPT), for what (the scopes' consent texts), and where to take it back. -->
    <#if section = "header">
        <@brand.serviceLogo/>${msg("actiongateConsentTitle", advancedMsg(client.name!client.clientId), realm.displayName)}
    <#elseif section = "form">
        <div id="kc-oauth" class="content-area">
            <#-- A connector (actiongate.connector) is ChatGPT itself, not a GPT in it; one that registered itself
                 (dcr) chose its own name, which nobody checked; one made from its metadata document (cimd) is vouched
                 for by the listed host the document came from. -->
            <#assign connector = (client.attributes["actiongate.connector"])!"">
            <#if connector?has_content>
                <p class="actiongate-lead">${msg("actiongateConsentLeadConnector", advancedMsg(client.name!client.clientId))}</p>
            <#else>
                <p class="actiongate-lead">${msg("actiongateConsentLead", advancedMsg(client.name!client.clientId), realm.displayName)}</p>
            </#if>
            <ul class="${properties.kcListClass!}">
                <#if oauth.clientScopesRequested??>
                    <#list oauth.clientScopesRequested as clientScope>
                        <li>
                            <span><#if !clientScope.parameterizedScopeParameter??>
                                        ${advancedMsg(clientScope.consentScreenText)}
                                    <#else>
                                        ${advancedMsg(clientScope.consentScreenText, clientScope.parameterizedScopeParameter)}
                                </#if>
                            </span>
                        </li>
                    </#list>
                </#if>
            </ul>
            <#if client.attributes.policyUri?? || client.attributes.tosUri??>
                <h3>
                    <#if client.name?has_content>
                        ${msg("oauthGrantInformation",advancedMsg(client.name))}
                    <#else>
                        ${msg("oauthGrantInformation",client.clientId)}
                    </#if>
                    <#if client.attributes.tosUri??>
                        ${msg("oauthGrantReview")}
                        <a href="${client.attributes.tosUri}" target="_blank">${msg("oauthGrantTos")}</a>
                    </#if>
                    <#if client.attributes.policyUri??>
                        ${msg("oauthGrantReview")}
                        <a href="${client.attributes.policyUri}" target="_blank">${msg("oauthGrantPolicy")}</a>
                    </#if>
                </h3>
            </#if>

            <#if connector == "dcr">
                <p id="actiongate-self-registered" class="actiongate-note">${msg("actiongateConsentSelfRegistered", advancedMsg(client.name!client.clientId), realm.displayName)}</p>
            <#elseif connector == "cimd">
                <p id="actiongate-registered-by" class="actiongate-note">${msg("actiongateConsentRegisteredBy", advancedMsg(client.name!client.clientId), (client.attributes["actiongate.metadata-host"])!"", realm.displayName)}</p>
            </#if>
            <p id="actiongate-revoke" class="actiongate-note">${msg("actiongateConsentRevoke", realm.displayName)}
                <a href="${brand.accountApplicationsUrl()}" target="_blank" rel="noopener">${msg("actiongateConsentRevokeLink")}</a></p>
            <form class="${properties.kcFormClass} ${properties.kcMarginTopClass!}" action="${url.oauthAction}" method="POST">
                <input type="hidden" name="code" value="${oauth.code}">
                <@buttons.actionGroup horizontal=true>
                    <@buttons.button id="kc-login" name="accept" label="actiongateConsentAllow"/>
                    <@buttons.button id="kc-cancel" name="cancel" label="actiongateConsentDeny" type="secondary"/>
                </@buttons.actionGroup>
            </form>
        </div>
    </#if>
</@layout.registrationLayout>
