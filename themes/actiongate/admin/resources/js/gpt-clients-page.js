// Copy buttons for the admin console's "GPT clients" page (ActionGate). The page is Keycloak's declarative UI,
// which renders plain inputs named by data-testid; this adds a Copy button to the values a builder pastes into
// the GPT editor and marks the fields the server rewrites as read-only. It touches nothing outside that page.
const COPYABLE = ["clientId", "authorizationUrl", "tokenUrl", "scope", "tokenExchangeMethod", "schemaUrl"];
const READ_ONLY = ["authorizationUrl", "tokenUrl", "scope", "tokenExchangeMethod", "schemaUrl", "recentActivity", "connector", "connectorUse"];
const ON_THE_PAGE = "/page-section/gpt-clients";

function enhance() {
  if (!location.hash.includes(ON_THE_PAGE) && !location.pathname.includes(ON_THE_PAGE)) {
    return;
  }
  for (const key of READ_ONLY) {
    const field = document.querySelector(`[data-testid="${key}"]`);
    if (field && !field.readOnly) {
      field.readOnly = true;
    }
  }
  const activity = document.querySelector('textarea[data-testid="recentActivity"]');
  if (activity) {
    // The console's text area shows two rows; the activity has up to 15 lines.
    const rows = Math.min(15, Math.max(3, activity.value.split("\n").length));
    if (activity.rows !== rows) {
      activity.rows = rows;
    }
  }
  for (const key of COPYABLE) {
    const field = document.querySelector(`input[data-testid="${key}"]`);
    if (field && !field.dataset.actiongateCopy) {
      field.dataset.actiongateCopy = "true";
      field.closest(".pf-v5-c-form__group-control")?.append(copyButton(field, key));
    }
  }
}

function copyButton(field, key) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "pf-v5-c-button pf-m-secondary pf-m-small";
  button.style.marginTop = "var(--pf-v5-global--spacer--xs, 4px)";
  button.dataset.testid = `copy-${key}`;
  button.textContent = "Copy";
  button.setAttribute("aria-label", "Copy to clipboard");
  button.addEventListener("click", async () => {
    if (!field.value) {
      return;
    }
    button.textContent = (await copy(field.value)) ? "Copied" : "Select and copy by hand";
    setTimeout(() => (button.textContent = "Copy"), 2000);
  });
  return button;
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // no clipboard access (not https, or denied): the field stays selectable
  }
}

new MutationObserver(enhance).observe(document.documentElement, { childList: true, subtree: true });
addEventListener("hashchange", enhance);
