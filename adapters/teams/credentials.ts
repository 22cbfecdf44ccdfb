import type { ServiceClientCredentials } from 'botframework-connector';
import { ServiceClientCredentialsFactory } from 'botframework-connector';

/** Far more than one bot meets (one app id, one or two audiences); a bound all the same. */
const MAX_KEPT = 32;

/**
 * botbuilder asks for the bot's outbound credentials on every turn, twice (the connector and the token
 * service), and its factories build them anew each time: for a managed identity that is an
 * @azure/identity DefaultAzureCredential with its whole chain of credential clients, for a password
 * an MSAL client. Under load that construction costs more than answering the question. The credentials
 * for one app, audience and login endpoint never change (tokens are cached by botbuilder per app and
 * scope, whichever object asks), so they are built once and shared.
 */
export class ReusedCredentialsFactory extends ServiceClientCredentialsFactory {
  private readonly built = new Map<string, Promise<ServiceClientCredentials>>();

  constructor(private readonly inner: ServiceClientCredentialsFactory) {
    super();
  }

  isValidAppId(appId: string): Promise<boolean> {
    return this.inner.isValidAppId(appId);
  }

  isAuthenticationDisabled(): Promise<boolean> {
    return this.inner.isAuthenticationDisabled();
  }

  createCredentials(
    appId: string,
    audience: string | undefined,
    loginEndpoint: string,
    validateAuthority: boolean,
  ): Promise<ServiceClientCredentials> {
    const key = JSON.stringify([appId, audience, loginEndpoint, validateAuthority]);
    const kept = this.built.get(key);
    if (kept) return kept;
    const credentials = this.inner.createCredentials(appId, audience, loginEndpoint, validateAuthority);
    // A failure (such as an app id that is not ours) is not kept: the next turn asks again.
    credentials.catch(() => this.built.delete(key));
    if (this.built.size >= MAX_KEPT) this.built.delete(this.built.keys().next().value as string);
    this.built.set(key, credentials);
    return credentials;
  }
}
