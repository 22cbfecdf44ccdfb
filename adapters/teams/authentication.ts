import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { type AuthenticateRequestResult, AuthenticationError } from 'botframework-connector';
import type { VerificationGate } from './inbound-guard.js';

/**
 * How the bot gets its outbound tokens: botbuilder's ServiceClientCredentialsFactory, the second
 * argument of ConfigurationBotFrameworkAuthentication.
 */
export type CredentialsFactory = ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1];

/** jsonwebtoken's errors for a token that is malformed, badly signed, expired or not yet valid. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * botbuilder's authentication, except that a token with a bad signature is refused with 401 like
 * every other bad token: botbuilder lets jsonwebtoken's error through, which CloudAdapter answers
 * with 500. Each check, however it ends, tells the gate (inbound-guard.ts) that it is done.
 */
export class StrictAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    settings: Record<string, string>,
    credentials: CredentialsFactory,
    private readonly gate: VerificationGate,
  ) {
    super(settings, credentials);
  }

  override async authenticateRequest(
    activity: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>[0],
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof Error && TOKEN_ERRORS.has(error.name) && !(error instanceof AuthenticationError)) {
        throw new AuthenticationError(`Unauthorized. ${error.message}`, 401);
      }
      throw error;
    } finally {
      this.gate.verified();
    }
  }
}
