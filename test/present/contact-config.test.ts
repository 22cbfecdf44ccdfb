import { describe, expect, it } from 'vitest';
import { readContactConfig, readCoreConfig } from '../../adapters/config.js';
import { ConfigError } from '../../adapters/config-error.js';

// CONTACT_NAME and CONTACT_WHERE: both or neither, one plain line each, and a web address that can be a link.

const NAME = 'the digital communications team';

function refusal(env: NodeJS.ProcessEnv): ConfigError {
  try {
    readContactConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('readContactConfig', () => {
  it('is undefined when neither is set (blank counts as unset)', () => {
    expect(readContactConfig({})).toBeUndefined();
    expect(readContactConfig({ CONTACT_NAME: ' ', CONTACT_WHERE: '' })).toBeUndefined();
  });

  it('reads a channel, a web link or an email address', () => {
    for (const where of [
      '#social-media-help',
      'https://teams.microsoft.com/l/channel/19%3Aabc/General',
      'comms@example.gov.uk',
    ]) {
      expect(readContactConfig({ CONTACT_NAME: ` ${NAME} `, CONTACT_WHERE: where })).toEqual({ name: NAME, where });
    }
  });

  it('names the variable that is missing when only one is set', () => {
    expect(refusal({ CONTACT_NAME: NAME }).variable).toBe('CONTACT_WHERE');
    expect(refusal({ CONTACT_WHERE: '#help' }).variable).toBe('CONTACT_NAME');
    expect(refusal({ CONTACT_WHERE: '#help' }).message).toMatch(/CONTACT_NAME is not set, but CONTACT_WHERE is/);
  });

  it('refuses a value that is too long, or has a control character, naming it', () => {
    expect(refusal({ CONTACT_NAME: 'x'.repeat(101), CONTACT_WHERE: '#help' }).variable).toBe('CONTACT_NAME');
    expect(refusal({ CONTACT_NAME: NAME, CONTACT_WHERE: `#${'x'.repeat(300)}` }).variable).toBe('CONTACT_WHERE');
    expect(refusal({ CONTACT_NAME: 'the\nteam', CONTACT_WHERE: '#help' }).variable).toBe('CONTACT_NAME');
    expect(refusal({ CONTACT_NAME: NAME, CONTACT_WHERE: '#help\u001b[2J' }).variable).toBe('CONTACT_WHERE');
    expect(refusal({ CONTACT_NAME: NAME, CONTACT_WHERE: 'https://intranet/help page' }).message).toMatch(
      /looks like a web address/,
    );
  });

  it('reaches the core options with the store setting, so that replies can tell the truth', () => {
    const env = { INDEX_FILE: 'off', STORE_QUESTIONS: 'true', CONTACT_NAME: NAME, CONTACT_WHERE: '#help' };
    expect(readCoreConfig(env).presentation).toEqual({
      storesQuestions: true,
      retentionDays: 30,
      contact: { name: NAME, where: '#help' },
    });
    expect(readCoreConfig({ INDEX_FILE: 'off' }).presentation).toEqual({ storesQuestions: false, retentionDays: 30 });
  });
});
