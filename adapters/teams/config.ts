/**
 * Microsoft Teams settings, read once from the environment at start-up. The credential variables
 * use botbuilder's own documented names, so an existing Azure Bot's settings can be copied as they are.
 */

import { ConfigError } from '../config-error.js';

export type TeamsAppType = 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';

/** Bot Framework endpoints, overridable for sovereign clouds and for tests. */
export interface TeamsAuthEndpoints {
  /** Inbound: the OpenID metadata document whose keys sign the Bot Framework's tokens. */
  openIdMetadataUrl: string;
  /** Inbound: the issuer (`iss`) those tokens must carry. */
  tokenIssuer: string;
  /**
   * Outbound: the authority the bot gets its own tokens from. Under https://login.microsoftonline.com/
   * botbuilder uses the bot's own tenant; any other URL is given to MSAL as the authority as it is.
   */
  loginUrl: string;
  /** Outbound: the scope of those tokens. */
  oauthScope: string;
}

export type TeamsConfig =
  | {
      /** Local development only: no app id, every request accepted, replies sent without a token. */
      anonymous: true;
      allowedTenants: readonly string[];
    }
  | {
      anonymous: false;
      appId: string;
      appType: TeamsAppType;
      /** Absent for UserAssignedMSI, which has no password. */
      appPassword?: string;
      /** Required for SingleTenant and UserAssignedMSI. */
      tenantId?: string;
      /** Lower-case tenant ids whose activities are answered; empty means every tenant. */
      allowedTenants: readonly string[];
      /** Only the endpoints that were overridden; the rest are botbuilder's public-cloud defaults. */
      endpoints: Partial<TeamsAuthEndpoints>;
    };

/**
 * Botbuilder's public-cloud values (botframework-connector `AuthenticationConstants`). They are
 * repeated here because botbuilder takes every endpoint from configuration as soon as one is set.
 */
export const PUBLIC_CLOUD: TeamsAuthEndpoints & { emulatorOpenIdMetadataUrl: string; callerId: string } = {
  openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  tokenIssuer: 'https://api.botframework.com',
  loginUrl: 'https://login.microsoftonline.com/botframework.com',
  oauthScope: 'https://api.botframework.com',
  emulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  callerId: 'urn:botframework:azure',
};

/** Environment variables for the endpoint overrides: botbuilder's own setting names. */
export const ENDPOINT_VARIABLES: Record<keyof TeamsAuthEndpoints, string> = {
  openIdMetadataUrl: 'ToBotFromChannelOpenIdMetadataUrl',
  tokenIssuer: 'ToBotFromChannelTokenIssuer',
  loginUrl: 'ToChannelFromBotLoginUrl',
  oauthScope: 'ToChannelFromBotOAuthScope',
};

const WHERE = {
  MicrosoftAppId: 'Azure portal > your Azure Bot > Configuration > Microsoft App ID',
  MicrosoftAppPassword:
    'Azure portal > your Azure Bot > Configuration > Microsoft App ID (Manage Password) > Certificates & secrets > New client secret; copy its Value',
  MicrosoftAppTenantId:
    'Azure portal > Microsoft Entra ID > Overview > Tenant ID (also under your Azure Bot > Configuration > App Tenant ID)',
  MicrosoftAppType: 'Azure portal > your Azure Bot > Configuration > App type',
} as const;

/** Read by scripts/package-teams.mjs (and TEAMS_ALLOW_ANONYMOUS, checked apart), not by the server. */
const NOT_SWITCHES = new Set([
  'TEAMS_APP_ID',
  'TEAMS_BOT_DOMAIN',
  'TEAMS_APP_VERSION',
  'TEAMS_DEVELOPER_NAME',
  'TEAMS_DEVELOPER_WEBSITE',
  'TEAMS_PRIVACY_URL',
  'TEAMS_TERMS_URL',
  'TEAMS_ALLOW_ANONYMOUS',
]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(\.[a-z0-9-]+)+)$/i;
const APP_TYPES: Record<string, TeamsAppType> = {
  singletenant: 'SingleTenant',
  multitenant: 'MultiTenant',
  userassignedmsi: 'UserAssignedMSI',
};

/**
 * Reads the Teams settings. Returns undefined when no `MicrosoftApp*`, `TEAMS_*` or endpoint variable
 * is set (Teams is not in use); throws a ConfigError naming the variable when they are incomplete or
 * malformed. Without credentials it refuses to start unless `TEAMS_ALLOW_ANONYMOUS=true`.
 */
export function readTeamsConfig(env: NodeJS.ProcessEnv): TeamsConfig | undefined {
  const get = (name: string) => env[name]?.trim() || undefined;
  if (!teamsInUse(env, get)) return undefined;
  const allowedTenants = readTenantList(get('TEAMS_ALLOWED_TENANTS'));
  const allowAnonymous = readAnonymousSwitch(get('TEAMS_ALLOW_ANONYMOUS'));
  const appId = get('MicrosoftAppId');
  if (!appId) {
    if (allowAnonymous) return { anonymous: true, allowedTenants };
    throw new ConfigError(
      'MicrosoftAppId',
      'MicrosoftAppId is not set, so anyone could post to this bot. Set MicrosoftAppId (and the variables that ' +
        `go with it) from ${WHERE.MicrosoftAppId}, or set TEAMS_ALLOW_ANONYMOUS=true for local development only.`,
    );
  }
  if (allowAnonymous) {
    throw new ConfigError(
      'TEAMS_ALLOW_ANONYMOUS',
      'TEAMS_ALLOW_ANONYMOUS=true is for local development without an app id, but MicrosoftAppId is set. ' +
        'Remove one of them.',
    );
  }
  if (!GUID.test(appId)) {
    throw new ConfigError(
      'MicrosoftAppId',
      `MicrosoftAppId must be a GUID such as 00000000-0000-0000-0000-000000000000; find it at ${WHERE.MicrosoftAppId}.`,
    );
  }
  const { appType, appPassword, tenantId } = readCredentials(get);
  return {
    anonymous: false,
    appId,
    appType,
    ...(appPassword ? { appPassword } : {}),
    ...(tenantId ? { tenantId } : {}),
    allowedTenants,
    endpoints: readEndpoints(get),
  };
}

/** Packaging-only variables, and an explicit TEAMS_ALLOW_ANONYMOUS=false, do not switch Teams on. */
function teamsInUse(env: NodeJS.ProcessEnv, get: (name: string) => string | undefined): boolean {
  return (
    Object.keys(env).some(
      (name) =>
        (name.startsWith('MicrosoftApp') || name.startsWith('TEAMS_')) &&
        !NOT_SWITCHES.has(name) &&
        get(name) !== undefined,
    ) ||
    Object.values(ENDPOINT_VARIABLES).some((name) => get(name) !== undefined) ||
    /^true$/i.test(get('TEAMS_ALLOW_ANONYMOUS') ?? '')
  );
}

function readAnonymousSwitch(value: string | undefined): boolean {
  if (value !== undefined && !/^(true|false)$/i.test(value)) {
    throw new ConfigError(
      'TEAMS_ALLOW_ANONYMOUS',
      `TEAMS_ALLOW_ANONYMOUS must be "true" or "false" (it is "${value}").`,
    );
  }
  return value?.toLowerCase() === 'true';
}

/** The app type, and the password and tenant that type needs (a managed identity has no password). */
function readCredentials(get: (name: string) => string | undefined): {
  appType: TeamsAppType;
  appPassword: string | undefined;
  tenantId: string | undefined;
} {
  const appType = readAppType(get('MicrosoftAppType'));
  const appPassword = get('MicrosoftAppPassword');
  const tenantId = get('MicrosoftAppTenantId');
  if (appType === 'UserAssignedMSI') {
    if (appPassword) {
      throw new ConfigError(
        'MicrosoftAppPassword',
        'MicrosoftAppPassword must not be set when MicrosoftAppType is UserAssignedMSI (a managed identity has no password).',
      );
    }
  } else if (!appPassword) {
    throw new ConfigError(
      'MicrosoftAppPassword',
      `MicrosoftAppPassword is not set. Create a client secret at ${WHERE.MicrosoftAppPassword}.`,
    );
  }
  if (appType !== 'MultiTenant' && !tenantId) {
    throw new ConfigError(
      'MicrosoftAppTenantId',
      `MicrosoftAppTenantId is required for a ${appType} bot. Find it at ${WHERE.MicrosoftAppTenantId}.`,
    );
  }
  if (tenantId && !TENANT.test(tenantId)) {
    throw new ConfigError(
      'MicrosoftAppTenantId',
      `MicrosoftAppTenantId must be a tenant id (a GUID) or a tenant domain; find it at ${WHERE.MicrosoftAppTenantId}.`,
    );
  }
  return { appType, appPassword, tenantId };
}

/**
 * The settings object for botbuilder's ConfigurationBotFrameworkAuthentication. Without overrides it
 * gets only the credentials (botbuilder then uses the public cloud); with any override it gets every
 * endpoint, because botbuilder treats a partly given set as complete and would leave the rest empty.
 */
export function toBotFrameworkSettings(config: TeamsConfig): Record<string, string> {
  if (config.anonymous) return {};
  const credentials: Record<string, string> = {
    MicrosoftAppId: config.appId,
    // botbuilder spells it UserAssignedMsi and compares without case.
    MicrosoftAppType: config.appType,
    ...(config.appPassword ? { MicrosoftAppPassword: config.appPassword } : {}),
    ...(config.tenantId ? { MicrosoftAppTenantId: config.tenantId } : {}),
  };
  if (Object.keys(config.endpoints).length === 0) return credentials;
  const endpoints = { ...PUBLIC_CLOUD, ...config.endpoints };
  return {
    ...credentials,
    ToBotFromChannelOpenIdMetadataUrl: endpoints.openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: endpoints.tokenIssuer,
    ToChannelFromBotLoginUrl: endpoints.loginUrl,
    ToChannelFromBotOAuthScope: endpoints.oauthScope,
    ToBotFromEmulatorOpenIdMetadataUrl: PUBLIC_CLOUD.emulatorOpenIdMetadataUrl,
    OAuthUrl: PUBLIC_CLOUD.tokenIssuer,
    CallerId: PUBLIC_CLOUD.callerId,
    ValidateAuthority: 'true',
  };
}

function readAppType(value: string | undefined): TeamsAppType {
  if (!value) return 'SingleTenant';
  const type = APP_TYPES[value.toLowerCase()];
  if (!type) {
    throw new ConfigError(
      'MicrosoftAppType',
      `MicrosoftAppType must be SingleTenant, MultiTenant or UserAssignedMSI (it is "${value}"); see ${WHERE.MicrosoftAppType}.`,
    );
  }
  return type;
}

function readTenantList(value: string | undefined): string[] {
  if (!value) return [];
  const tenants = value
    .split(',')
    .map((tenant) => tenant.trim().toLowerCase())
    .filter(Boolean);
  const bad = tenants.find((tenant) => !GUID.test(tenant));
  if (bad !== undefined) {
    throw new ConfigError(
      'TEAMS_ALLOWED_TENANTS',
      `TEAMS_ALLOWED_TENANTS must be tenant ids (GUIDs) separated by commas; "${bad}" is not one. ` +
        `Find yours at ${WHERE.MicrosoftAppTenantId}.`,
    );
  }
  return [...new Set(tenants)];
}

function readEndpoints(get: (name: string) => string | undefined): Partial<TeamsAuthEndpoints> {
  const endpoints: Partial<TeamsAuthEndpoints> = {};
  for (const [key, variable] of Object.entries(ENDPOINT_VARIABLES) as Array<[keyof TeamsAuthEndpoints, string]>) {
    const value = get(variable);
    if (value === undefined) continue;
    endpoints[key] = key === 'tokenIssuer' || key === 'oauthScope' ? value : readUrl(variable, value);
  }
  return endpoints;
}

/** An https URL, or http on this machine only (for tests and local stand-ins). */
function readUrl(variable: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(variable, `${variable} must be a URL (it is "${value}").`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError(variable, `${variable} must be an https:// URL (http:// is allowed only for localhost).`);
  }
  return value;
}
