import type { CloudAdapter, TurnContext } from 'botbuilder';

// botframework-connector's client (@azure/core-rest-pipeline) sets no timeout: a connector that takes a
// reply and never answers holds the turn, and with it Teams' request to the bot, forever (Teams itself
// gives up after 15 s, and may then send the activity again). Each call gets CONNECTOR_TIMEOUT_MS: a
// failed reply and the apology that follows it (adapters/teams/turn-failure.ts) end within 8 s, inside Teams'
// 15 s and main.ts's 10 s shutdown grace.

/** How long one call to the Bot Framework connector may take, the bot's token included. */
export const CONNECTOR_TIMEOUT_MS = 4_000;

/** A call given up after its time: it may have been delivered (readConnectorError: unknown, not retried). */
export class ConnectorTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';

  constructor(ms: number) {
    super(`no answer from the Bot Framework connector within ${ms / 1000} s`);
    this.name = 'ConnectorTimeoutError';
  }
}

/** The parts of @azure/core-rest-pipeline used here (it is botframework-connector's, not ours). */
interface PipelineRequest {
  abortSignal?: unknown;
}
interface PipelinePolicy {
  name: string;
  sendRequest(request: PipelineRequest, next: (request: PipelineRequest) => Promise<unknown>): Promise<unknown>;
}
interface Pipeline {
  addPolicy(policy: PipelinePolicy, options: { phase: 'Serialize' }): unknown;
  removePolicy(options: { name: string }): unknown;
}
interface PipelineOwner {
  client?: { pipeline?: Pipeline };
}

const POLICY_NAME = 'guidanceBotConnectorTimeout';

/**
 * Gives every call of this turn's connector client a time limit. In the first phase of the pipeline,
 * so that the limit covers getting the bot's token (a later policy) as well as the request; the request
 * itself is aborted, so its connection does not linger.
 */
export function withConnectorTimeout(context: TurnContext, adapter: CloudAdapter, ms = CONNECTOR_TIMEOUT_MS): void {
  const connector = context.turnState.get(adapter.ConnectorClientKey) as PipelineOwner | undefined;
  // Private to botframework-connector: if a new version moves it, the test with a silent connector fails.
  const pipeline = connector?.client?.pipeline;
  if (!pipeline) return;
  pipeline.removePolicy({ name: POLICY_NAME }); // once per client, however often a turn asks
  pipeline.addPolicy(timeoutPolicy(ms), { phase: 'Serialize' });
}

function timeoutPolicy(ms: number): PipelinePolicy {
  return {
    name: POLICY_NAME,
    sendRequest(request, next) {
      const deadline = AbortSignal.timeout(ms);
      const given = request.abortSignal;
      request.abortSignal = given instanceof AbortSignal ? AbortSignal.any([given, deadline]) : (given ?? deadline);
      return new Promise((resolve, reject) => {
        const giveUp = () => reject(new ConnectorTimeoutError(ms));
        deadline.addEventListener('abort', giveUp, { once: true });
        next(request)
          .then(resolve, reject)
          .finally(() => deadline.removeEventListener('abort', giveUp));
      });
    },
  };
}
