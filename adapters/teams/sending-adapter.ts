import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import { type TeamsConfig, toBotFrameworkSettings } from './config.js';
import { ReusedCredentialsFactory } from './credentials.js';

/**
 * A CloudAdapter that only sends, for a process that receives nothing (`npm run week -- --post-now`):
 * botbuilder's outbound authentication from the Teams settings, without the endpoint's inbound checks.
 * The server sends the weekly post through its endpoint's own adapter instead.
 */
export function createSendingAdapter(config: TeamsConfig): CloudAdapter {
  const settings = toBotFrameworkSettings(config);
  const credentials = new ReusedCredentialsFactory(new ConfigurationServiceClientCredentialFactory(settings));
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings, credentials));
}
