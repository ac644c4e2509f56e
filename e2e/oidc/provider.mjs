// A real OpenID Provider for the tests: panva's oidc-provider (npm, pinned in
// e2e/package.json), certified by the OpenID Foundation, standing in for a bank's identity
// provider. It knows two people: `ana`, a client of the bank, and `ben`, who is not; the
// `bank_client` claim says which. Its own development login and consent pages are used:
// any password signs in as the login typed.
//
// Environment: PORT (0 for a free one), REDIRECT_URI (Cocrea's callback),
// CLIENT_SECRET. Prints `OpenID Provider ready at http://127.0.0.1:PORT` when listening.
//
// For the tests only, POST /_test/people/{login} with a JSON body changes that person's
// claims (a client leaving the bank), as the bank's directory would.

import http from 'node:http';
import Provider from 'oidc-provider';

const people = {
  ana: { email: 'ana@client.example', email_verified: true, name: 'Ana Cliente', bank_client: true },
  ben: { email: 'ben@prospect.example', email_verified: true, name: 'Ben Prospect', bank_client: false },
};

const server = http.createServer();
await new Promise((ready) => server.listen(Number(process.env.PORT || 0), '127.0.0.1', ready));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'cocrea',
      client_secret: process.env.CLIENT_SECRET || 'cocrea-test-secret',
      redirect_uris: [process.env.REDIRECT_URI],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    },
  ],
  pkce: { required: () => true },
  scopes: ['openid', 'email', 'profile', 'bank'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    bank: ['bank_client'],
  },
  // The claims go in the ID token itself, as many banks' providers do.
  conformIdTokenClaims: false,
  findAccount: async (_ctx, id) =>
    people[id] && { accountId: id, claims: async () => ({ sub: id, ...people[id] }) },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['cocrea-test-provider-cookies'] },
  // Each test signs in anew: no lasting provider session, no remembered consent.
  ttl: { Session: 60, Grant: 60, Interaction: 600, AuthorizationCode: 60, IdToken: 3600, AccessToken: 3600 },
});
provider.proxy = false;

provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/_test\/people\/(\w+)$/);
  if (match && ctx.method === 'POST' && people[match[1]]) {
    const body = await new Promise((done) => {
      let text = '';
      ctx.req.on('data', (chunk) => { text += chunk; });
      ctx.req.on('end', () => done(text));
    });
    Object.assign(people[match[1]], JSON.parse(body || '{}'));
    ctx.status = 204;
    return;
  }
  await next();
});

server.on('request', provider.callback());
console.log(`OpenID Provider ready at ${issuer}`);
