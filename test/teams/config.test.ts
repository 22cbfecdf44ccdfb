import { AuthenticationConstants } from 'botframework-connector';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../adapters/config-error.js';
import { PUBLIC_CLOUD, readTeamsConfig, toBotFrameworkSettings } from '../../adapters/teams/config.js';

const APP_ID = '00000000-0000-0000-0000-00000000b001';
const TENANT = '00000000-0000-0000-0000-00000000a001';
const FULL = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret-value', MicrosoftAppTenantId: TENANT };

/** The error readTeamsConfig throws for `env`, as { variable, message }. */
function failure(env: NodeJS.ProcessEnv): { variable: string; message: string } {
  try {
    readTeamsConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.name).toBe('ConfigError');
    return { variable: configError.variable, message: configError.message };
  }
  throw new Error('expected readTeamsConfig to throw');
}

describe('readTeamsConfig', () => {
  it('returns undefined when Teams is not configured at all', () => {
    expect(readTeamsConfig({})).toBeUndefined();
    expect(readTeamsConfig({ SLACK_BOT_TOKEN: 'xoxb-1', MicrosoftAppId: '  ' })).toBeUndefined();
    // Packaging-only variables and an explicit "no" to anonymous mode do not switch Teams on.
    expect(
      readTeamsConfig({ TEAMS_APP_ID: TENANT, TEAMS_BOT_DOMAIN: 'x.example', TEAMS_ALLOW_ANONYMOUS: 'false' }),
    ).toBeUndefined();
  });

  it('reads a SingleTenant bot (the default type)', () => {
    expect(readTeamsConfig(FULL)).toEqual({
      anonymous: false,
      appId: APP_ID,
      appType: 'SingleTenant',
      appPassword: 'secret-value',
      tenantId: TENANT,
      allowedTenants: [],
      endpoints: {},
    });
  });

  it('refuses to start without credentials, naming MicrosoftAppId and where to find it', () => {
    const { variable, message } = failure({ TEAMS_ALLOWED_TENANTS: TENANT });
    expect(variable).toBe('MicrosoftAppId');
    expect(message).toContain('Azure portal > your Azure Bot > Configuration > Microsoft App ID');
    expect(message).toContain('TEAMS_ALLOW_ANONYMOUS=true');
  });

  it('runs anonymously only when TEAMS_ALLOW_ANONYMOUS=true says so', () => {
    expect(readTeamsConfig({ TEAMS_ALLOW_ANONYMOUS: 'true' })).toEqual({ anonymous: true, allowedTenants: [] });
    expect(failure({ TEAMS_ALLOW_ANONYMOUS: 'false', MicrosoftAppType: 'SingleTenant' }).variable).toBe(
      'MicrosoftAppId',
    );
    expect(failure({ ToBotFromChannelTokenIssuer: 'https://issuer.example' }).variable).toBe('MicrosoftAppId');
    expect(failure({ TEAMS_ALLOW_ANONYMOUS: 'yes', MicrosoftAppId: APP_ID }).variable).toBe('TEAMS_ALLOW_ANONYMOUS');
    expect(failure({ ...FULL, TEAMS_ALLOW_ANONYMOUS: 'true' }).variable).toBe('TEAMS_ALLOW_ANONYMOUS');
  });

  it('names each missing variable with where to find it in Azure', () => {
    const password = failure({ MicrosoftAppId: APP_ID, MicrosoftAppTenantId: TENANT });
    expect(password.variable).toBe('MicrosoftAppPassword');
    expect(password.message).toContain('Manage Password) > Certificates & secrets');

    const tenant = failure({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret-value' });
    expect(tenant.variable).toBe('MicrosoftAppTenantId');
    expect(tenant.message).toContain('Microsoft Entra ID > Overview > Tenant ID');
  });

  it('rejects malformed values, naming the variable and never echoing the password', () => {
    expect(failure({ ...FULL, MicrosoftAppId: 'my-bot' }).variable).toBe('MicrosoftAppId');
    expect(failure({ ...FULL, MicrosoftAppTenantId: 'not a tenant' }).variable).toBe('MicrosoftAppTenantId');
    const type = failure({ ...FULL, MicrosoftAppType: 'Public' });
    expect(type.variable).toBe('MicrosoftAppType');
    expect(type.message).toContain('SingleTenant, MultiTenant or UserAssignedMSI');
    const tenants = failure({ ...FULL, TEAMS_ALLOWED_TENANTS: `${TENANT}, contoso` });
    expect(tenants.variable).toBe('TEAMS_ALLOWED_TENANTS');
    expect(tenants.message).toContain('"contoso"');
    for (const message of [type.message, tenants.message]) expect(message).not.toContain('secret-value');
  });

  it('reads MultiTenant without a tenant id, and UserAssignedMSI without a password', () => {
    const multi = readTeamsConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'p',
      MicrosoftAppType: 'multitenant',
    });
    expect(multi).toMatchObject({ appType: 'MultiTenant', anonymous: false });
    expect(multi).not.toHaveProperty('tenantId');

    const msi = readTeamsConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppTenantId: TENANT,
      MicrosoftAppType: 'UserAssignedMSI',
    });
    expect(msi).toMatchObject({ appType: 'UserAssignedMSI' });
    expect(msi).not.toHaveProperty('appPassword');
    expect(failure({ ...FULL, MicrosoftAppType: 'UserAssignedMSI' }).variable).toBe('MicrosoftAppPassword');
  });

  it('reads the tenant allow-list, lower-cased and without repeats', () => {
    const config = readTeamsConfig({ ...FULL, TEAMS_ALLOWED_TENANTS: ` ${TENANT.toUpperCase()} ,${TENANT},` });
    expect(config?.allowedTenants).toEqual([TENANT]);
  });

  it('reads the endpoint overrides (sovereign clouds, tests) and checks they are https', () => {
    const config = readTeamsConfig({
      ...FULL,
      ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:9999/v1/.well-known/openidconfiguration',
      ToBotFromChannelTokenIssuer: 'https://api.botframework.us',
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.us/MicrosoftServices.onmicrosoft.us',
    });
    expect(config).toMatchObject({
      endpoints: {
        openIdMetadataUrl: 'http://127.0.0.1:9999/v1/.well-known/openidconfiguration',
        tokenIssuer: 'https://api.botframework.us',
        loginUrl: 'https://login.microsoftonline.us/MicrosoftServices.onmicrosoft.us',
      },
    });
    const insecure = failure({ ...FULL, ToChannelFromBotLoginUrl: 'http://login.example.com/tenant' });
    expect(insecure.variable).toBe('ToChannelFromBotLoginUrl');
    expect(failure({ ...FULL, ToBotFromChannelOpenIdMetadataUrl: 'not a url' }).variable).toBe(
      'ToBotFromChannelOpenIdMetadataUrl',
    );
  });
});

describe('toBotFrameworkSettings', () => {
  it('passes only the credentials when nothing is overridden (botbuilder then uses the public cloud)', () => {
    expect(toBotFrameworkSettings(readTeamsConfig(FULL) as NonNullable<ReturnType<typeof readTeamsConfig>>)).toEqual({
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppPassword: 'secret-value',
      MicrosoftAppTenantId: TENANT,
    });
    expect(toBotFrameworkSettings({ anonymous: true, allowedTenants: [] })).toEqual({});
  });

  it('fills in every other endpoint when one is overridden, since botbuilder then takes them all from settings', () => {
    const config = readTeamsConfig({ ...FULL, ToBotFromChannelTokenIssuer: 'https://issuer.example' });
    const settings = toBotFrameworkSettings(config as NonNullable<typeof config>);
    expect(settings).toMatchObject({
      ToBotFromChannelTokenIssuer: 'https://issuer.example',
      ToBotFromChannelOpenIdMetadataUrl: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      CallerId: 'urn:botframework:azure',
    });
  });

  it("repeats botbuilder's own public-cloud constants exactly", () => {
    expect(PUBLIC_CLOUD).toEqual({
      openIdMetadataUrl: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      tokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      loginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      oauthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      emulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      callerId: 'urn:botframework:azure',
    });
  });
});
