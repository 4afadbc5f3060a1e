import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResponseUrlPoster, ResponseUrlError } from '../../../../src/notify/slack/interactivity/response-url';
import { startFakeResponseUrl, type FakeResponseUrl } from './slack-fixtures';

let fake: FakeResponseUrl;
beforeAll(async () => {
  fake = await startFakeResponseUrl();
});
afterAll(() => fake.close());

const poster = (timeoutMs = 1000) => createResponseUrlPoster({ allowedOrigins: [fake.origin], timeoutMs });

describe('createResponseUrlPoster', () => {
  it('posts the message as JSON', async () => {
    const before = fake.calls.length;
    await poster().post(fake.url(), { response_type: 'ephemeral', replace_original: false, text: 'Zoë, not allowed' });
    const call = fake.calls[before]!;
    expect(call.contentType).toBe('application/json; charset=utf-8');
    expect(call.body).toEqual({ response_type: 'ephemeral', replace_original: false, text: 'Zoë, not allowed' });
  });

  it("refuses hosts other than Slack's, by default everything but hooks.slack.com", async () => {
    await expect(createResponseUrlPoster().post(fake.url(), { replace_original: true, text: 't', blocks: [] })).rejects.toMatchObject({
      code: 'RESPONSE_URL_NOT_ALLOWED',
    });
    await expect(poster().post('not a url', { replace_original: true, text: 't', blocks: [] })).rejects.toBeInstanceOf(ResponseUrlError);
    await expect(poster().post('https://hooks.slack.com.evil.example/x', { replace_original: true, text: 't', blocks: [] })).rejects.toMatchObject({
      code: 'RESPONSE_URL_NOT_ALLOWED',
    });
  });

  it("reports Slack's refusals: an expired URL (404) and {ok:false}", async () => {
    fake.script({ status: 404, body: 'expired_url' }, { status: 200, body: '{"ok":false,"error":"invalid_blocks"}' });
    await expect(poster().post(fake.url(), { replace_original: true, text: 't', blocks: [] })).rejects.toMatchObject({
      code: 'RESPONSE_URL_REJECTED',
      message: 'response_url answered 404 expired_url',
    });
    await expect(poster().post(fake.url(), { replace_original: true, text: 't', blocks: [] })).rejects.toMatchObject({
      message: 'response_url answered 200 invalid_blocks',
    });
  });

  it('gives up after the timeout so the handler can still answer Slack in 3 s', async () => {
    fake.script({ delayMs: 1500 });
    const started = performance.now();
    await expect(poster(200).post(fake.url(), { replace_original: true, text: 't', blocks: [] })).rejects.toMatchObject({
      code: 'RESPONSE_URL_FAILED',
      message: expect.stringContaining('no answer within 200 ms'),
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('never puts the URL in an error message', async () => {
    fake.script({ status: 500, body: '<html>oops</html>' });
    const err = await poster().post(fake.url('/actions/T/1/SECRETPART'), { replace_original: true, text: 't', blocks: [] }).catch((e: Error) => e);
    expect((err as Error).message).toBe('response_url answered 500');
    expect((err as Error).message).not.toContain('SECRETPART');
  });
});
