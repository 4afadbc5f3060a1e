import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for the two services the weekly report talks to, speaking their real wire formats on 127.0.0.1:
 * S3 (path-style PUT/GET of objects, headers kept) and the Slack Web API methods the report uses (chat.postMessage
 * and the three steps of files.uploadV2: files.getUploadURLExternal, the upload itself, files.completeUploadExternal).
 */

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function listen(server: Server): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))) };
}

export interface StoredObject {
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

export interface FakeS3 {
  url: string;
  objects: Map<string, StoredObject>;
  /** Answer every PUT with this S3 error code (AccessDenied, NoSuchBucket ...). */
  failPuts?: string;
  close(): Promise<void>;
}

export async function startFakeS3(): Promise<FakeS3> {
  const fake = { objects: new Map<string, StoredObject>() } as FakeS3;
  const server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent((req.url ?? '').split('?')[0]!.slice(1));
      const data = await body(req);
      if (req.method === 'PUT') {
        if (fake.failPuts) {
          res.writeHead(403, { 'content-type': 'application/xml' });
          res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fake.failPuts}</Code><Message>${fake.failPuts}</Message></Error>`);
          return;
        }
        fake.objects.set(path, { body: data, headers: req.headers });
        res.writeHead(200, { etag: '"e"' });
        res.end();
        return;
      }
      const obj = fake.objects.get(path);
      if (req.method === 'GET' && obj) {
        res.writeHead(200, { 'content-type': String(obj.headers['content-type'] ?? 'application/octet-stream') });
        res.end(obj.body);
        return;
      }
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end('<Error><Code>NoSuchKey</Code></Error>');
    })();
  });
  const { url, close } = await listen(server);
  return Object.assign(fake, { url, close });
}

export interface FakeSlackApiCall {
  method: string;
  fields: Record<string, string>;
}

export interface FakeSlackApi {
  /** Base URL ending in /api/. */
  url: string;
  calls: FakeSlackApiCall[];
  /** Bytes received by the upload URL, by file id. */
  uploads: Map<string, Buffer>;
  close(): Promise<void>;
}

export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: FakeSlackApiCall[] = [];
  const uploads = new Map<string, Buffer>();
  let seq = 0;
  let base = '';
  const server = createServer((req, res) => {
    void (async () => {
      const data = await body(req);
      const path = req.url ?? '';
      if (path.startsWith('/upload/')) {
        uploads.set(path.slice('/upload/'.length), data);
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('OK - 1');
        return;
      }
      const method = path.replace(/^\/api\//, '');
      const type = String(req.headers['content-type'] ?? '');
      const fields = type.includes('json') ? (JSON.parse(data.toString('utf8') || '{}') as Record<string, string>) : Object.fromEntries(new URLSearchParams(data.toString('utf8')));
      calls.push({ method, fields });
      const json = (x: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(x));
      };
      if (method === 'chat.postMessage') return json({ ok: true, channel: `C${(++seq).toString().padStart(8, '0')}`, ts: `1764000000.00000${seq}` });
      if (method === 'files.getUploadURLExternal') {
        const id = `F${++seq}`;
        return json({ ok: true, upload_url: `${base}/upload/${id}`, file_id: id });
      }
      if (method === 'files.completeUploadExternal') return json({ ok: true, files: JSON.parse(fields.files ?? '[]') });
      return json({ ok: false, error: 'unknown_method' });
    })();
  });
  const { url, close } = await listen(server);
  base = url;
  return { url: `${url}/api/`, calls, uploads, close };
}
