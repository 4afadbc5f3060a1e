import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/schema';
import { REDACTED, sanitizeConfig } from '../../../src/config/sanitize';

describe('sanitizeConfig', () => {
  it('keeps SSM parameter names and ordinary settings', () => {
    const config = configSchema.parse({});
    const clean = sanitizeConfig(config);
    expect(clean).toEqual(config);
    expect(clean).not.toBe(config);
    expect(clean.notify.slack.tokenParameter).toBe('/ml-watchdog/slack/bot-token');
  });

  it('redacts secret-looking values and URL credentials without touching the input', () => {
    const input = {
      notify: { slack: { tokenParameter: 'xoxb-123-456', botToken: 'xoxb-1', apiUrl: 'https://user:hunter2@slack.example/api/' } },
      db: { password: 'p', clientSecret: { nested: 'x' }, apiKey: 42, keyring: 'not a key suffix', signingKey: '/param/name' },
      list: [{ accessToken: 't' }],
    };
    const clean = sanitizeConfig(input);
    expect(clean).toEqual({
      notify: { slack: { tokenParameter: REDACTED, botToken: REDACTED, apiUrl: 'https://slack.example/api/' } },
      db: { password: REDACTED, clientSecret: REDACTED, apiKey: REDACTED, keyring: 'not a key suffix', signingKey: '/param/name' },
      list: [{ accessToken: REDACTED }],
    });
    expect(input.notify.slack.botToken).toBe('xoxb-1');
    expect(JSON.stringify(clean)).not.toMatch(/hunter2|xoxb/);
  });
});
