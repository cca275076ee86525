<#-- ActionGate's additions to keycloak.v2 pages, in one place. The logo and the service's name come from
     theme.properties (SERVICE_LOGO_URL) and the realm's display name (SERVICE_NAME): no template edits. -->
<#macro serviceLogo>
    <#assign logoUrl = properties.actiongateLogoUrl?has_content?then(properties.actiongateLogoUrl, url.resourcesPath + "/img/logo.svg")>
    <img class="actiongate-logo" src="${logoUrl}" alt="" width="40" height="40">
</#macro>

<#-- "<GPT> in ChatGPT ..." when the request comes from a client with a display name. -->
<#macro gptLead key>
    <#if client?? && client.name?has_content>
        <p id="actiongate-gpt" class="actiongate-lead">${msg(key, advancedMsg(client.name), realm.displayName)}</p>
    </#if>
</#macro>

<#-- The user's account page, where access given to a GPT can be taken back (Applications). -->
<#function accountApplicationsUrl>
    <#return url.loginUrl?replace("^(.*?/realms/[^/?]+).*$", "$1", "r") + "/account/applications">
</#function>
