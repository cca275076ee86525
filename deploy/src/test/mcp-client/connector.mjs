// Plays a ChatGPT MCP connector with the official MCP TypeScript SDK client, driven by deploy/ McpConnectorIT.
// Usage: node connector.mjs <MCP server URL> <client id, "register" or "cimd=<document URL>"> <callback URL>
// With "register" the SDK registers the client itself (RFC 7591, anonymous), as ChatGPT does without a predefined one;
// with "cimd=<URL>" the client id is the URL of its client ID metadata document, as ChatGPT prefers, and with
// CLIENT_KEY_PEM (PKCS #8) in the environment its token requests are signed (private_key_jwt), else it is public.
// Talks JSON lines: prints {"event": ...} to stdout; when it needs the user to sign in it prints
// {"event":"authorize","url":...} and reads the callback URL the browser ended on from stdin.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError, auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { createPrivateKeyJwtAuth } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { createInterface } from 'node:readline';

const [mcpUrl, clientId, callback] = process.argv.slice(2);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const say = (event, data = {}) => process.stdout.write(JSON.stringify({ event, ...data }) + '\n');

// The predefined client, as a builder pastes it into ChatGPT, or none: then the SDK uses its document or registers one.
const documentUrl = clientId.startsWith('cimd=') ? clientId.slice('cimd='.length) : undefined;
const predefined = clientId !== 'register' && !documentUrl;
const stored = { tokens: undefined, verifier: undefined, client: predefined ? { client_id: clientId } : undefined };
const provider = {
  clientMetadataUrl: documentUrl,
  get redirectUrl() { return callback; },
  get clientMetadata() {
    return { client_name: 'ChatGPT (test)', redirect_uris: [callback], grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'], token_endpoint_auth_method: 'none' };
  },
  state: () => 'state-' + Math.random().toString(36).slice(2),
  clientInformation: () => stored.client,
  saveClientInformation: (client) => { stored.client = client; say('registered', { client_id: client.client_id, has_secret: !!client.client_secret }); },
  tokens: () => stored.tokens,
  saveTokens: (tokens) => { stored.tokens = tokens; say('tokens', { access_token: tokens.access_token, has_refresh_token: !!tokens.refresh_token }); },
  redirectToAuthorization: (url) => say('authorize', { url: url.toString() }),
  saveCodeVerifier: (verifier) => { stored.verifier = verifier; },
  codeVerifier: () => stored.verifier,
};
if (documentUrl && process.env.CLIENT_KEY_PEM) {
  provider.addClientAuthentication = createPrivateKeyJwtAuth({ issuer: documentUrl, subject: documentUrl,
    privateKey: process.env.CLIENT_KEY_PEM, alg: 'RS256' });
}

async function connect() {
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
  const client = new Client({ name: 'actiongate-connector-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

async function call(client, name, args = {}) {
  const result = await client.callTool({ name, arguments: args });
  say('result', { tool: name, isError: !!result.isError, structured: result.structuredContent ?? null, meta: result._meta ?? null });
  return result;
}

try {
  // Anonymous: the handshake, the tool list and the tool that needs no sign-in.
  let { client, transport } = await connect();
  say('connected', { protocolVersion: transport.protocolVersion ?? null });
  const tools = await client.listTools();
  say('tools', { names: tools.tools.map((tool) => tool.name), meta: Object.fromEntries(tools.tools.map((t) => [t.name, t._meta ?? null])) });
  await call(client, 'getToday');

  // A tool that needs sign-in: 401 challenge, discovery, PKCE, resource, the user's sign-in, code exchange.
  try {
    await call(client, 'listItems');
    say('error', { message: 'listItems worked without signing in' });
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
    const { value: landedOn } = await lines.next();
    const code = new URL(landedOn).searchParams.get('code');
    await transport.finishAuth(code);
    say('signed-in');
  }
  await client.close();
  ({ client, transport } = await connect());

  const created = await call(client, 'createItem', { date: '2026-12-10', text: 'Added by the MCP SDK' });
  const id = created.structuredContent.id;
  await call(client, 'getItem', { id });
  await call(client, 'updateItem', { id, done: true });
  for (let i = 0; i < 6; i++) {
    await call(client, 'listItems', { from: '2026-12-10', to: '2026-12-10' });
  }
  await call(client, 'getToday');

  // The refresh ChatGPT makes when the access token has expired; the new token works at once.
  const before = stored.tokens.access_token;
  const refreshed = await auth(provider, { serverUrl: new URL(mcpUrl) });
  say('refreshed', { result: refreshed, changed: stored.tokens.access_token !== before });
  await call(client, 'listItems', { from: '2026-12-10', to: '2026-12-10' });
  await call(client, 'deleteItem', { id });
  await client.close();
  say('done');
  process.exit(0);
} catch (error) {
  say('error', { message: String(error?.stack ?? error) });
  process.exit(1);
}
