import { MicrosoftAppCredentials, ServiceClientCredentialsFactory } from 'botframework-connector';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReusedCredentialsFactory } from '../../adapters/teams/credentials.js';
import { type ConnectorStandIn, fixture, postActivity, startBot, startConnector } from './helpers.js';

/** Credentials for an anonymous bot, counting how often botbuilder has them built. */
class CountingFactory extends ServiceClientCredentialsFactory {
  built = 0;
  async isValidAppId(): Promise<boolean> {
    return true;
  }
  async isAuthenticationDisabled(): Promise<boolean> {
    return true;
  }
  async createCredentials(): Promise<MicrosoftAppCredentials> {
    this.built++;
    return MicrosoftAppCredentials.Empty;
  }
}

let connector: ConnectorStandIn;
beforeAll(async () => {
  connector = await startConnector();
});

function question(id: string) {
  const activity = fixture('message_personal');
  activity.id = id;
  activity.serviceUrl = connector.serviceUrl;
  activity.text = 'can I reply to this tweet about our policy?';
  return activity;
}

describe('outbound credentials', () => {
  it('are built once per app and audience, not on every turn', async () => {
    const counting = new CountingFactory();
    const bot = await startBot(undefined, { credentialsFactory: counting });
    for (const id of ['turn-1', 'turn-2', 'turn-3', 'turn-4']) {
      expect((await postActivity(bot.url, question(id))).status).toBe(200);
    }
    expect(connector.calls.map((call) => call.activityId)).toEqual(['turn-1', 'turn-2', 'turn-3', 'turn-4']);
    // botbuilder asks twice a turn (the connector and the token service), with one audience each.
    expect(counting.built).toBeGreaterThan(0);
    expect(counting.built).toBeLessThanOrEqual(2);
  });

  it('are asked for again after a failure, which is not kept', async () => {
    let attempts = 0;
    const failingOnce = new CountingFactory();
    failingOnce.createCredentials = async () => {
      attempts++;
      if (attempts === 1) throw new Error('identity endpoint unreachable');
      return MicrosoftAppCredentials.Empty;
    };
    const reused = new ReusedCredentialsFactory(failingOnce);
    const ask = () => reused.createCredentials('app', 'https://api.botframework.com', 'https://login.example', true);
    await expect(ask()).rejects.toThrow('identity endpoint unreachable');
    await expect(ask()).resolves.toBe(MicrosoftAppCredentials.Empty);
    await expect(ask()).resolves.toBe(MicrosoftAppCredentials.Empty);
    expect(attempts).toBe(2);
  });
});
