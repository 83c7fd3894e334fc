/**
 * A lean HTTP/1.1 load client: one keep-alive TCP connection per concurrent worker, each
 * sending one request at a time (any method, path, headers and JSON body) and reading just
 * enough of the answer (status line, Content-Length or chunked end) to know it is complete.
 * Node's http client costs about as much per request as a bare fastify route, which would
 * hide the server's own cost.
 */
import net from 'node:net';
import type { Op } from './lib';

const HEADER_END = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('0\r\n\r\n');

export interface LeanRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** JSON body of a POST. */
  body?: unknown;
}

class Connection {
  private socket: net.Socket | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private pending: { resolve: (status: number) => void; reject: (err: Error) => void } | null = null;

  constructor(private readonly port: number) {}

  private connect(): net.Socket {
    const socket = net.connect({ port: this.port, host: '127.0.0.1', noDelay: true });
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.tryComplete();
    });
    const fail = (err: Error) => {
      this.socket = null;
      const p = this.pending;
      this.pending = null;
      p?.reject(err);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed by the server')));
    return socket;
  }

  private tryComplete(): void {
    const p = this.pending;
    if (!p) return;
    const headerEnd = this.buffer.indexOf(HEADER_END);
    if (headerEnd === -1) return;
    const head = this.buffer.toString('latin1', 0, headerEnd);
    const status = Number(head.slice(9, 12));
    const bodyStart = headerEnd + 4;
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let end: number;
    if (length) {
      end = bodyStart + Number(length[1]);
      if (this.buffer.length < end) return;
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const at = this.buffer.indexOf(CHUNKED_END, bodyStart);
      if (at === -1) return;
      end = at + CHUNKED_END.length;
    } else {
      end = bodyStart;
    }
    this.buffer = this.buffer.subarray(end);
    this.pending = null;
    if (/\r\nconnection:\s*close/i.test(head)) {
      this.socket?.removeAllListeners('close');
      this.socket?.destroy();
      this.socket = null;
    }
    p.resolve(status);
  }

  send(request: Buffer): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.buffer = Buffer.alloc(0);
      this.socket ??= this.connect();
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket?.removeAllListeners('close');
    this.socket?.destroy();
    this.socket = null;
  }
}

/** The bytes of one request (paths must already be percent-encoded). */
export function encodeRequest(port: number, r: LeanRequest): Buffer {
  const body = r.body === undefined ? null : Buffer.from(JSON.stringify(r.body), 'utf8');
  const lines = [`${r.method} ${r.path} HTTP/1.1`, `host: 127.0.0.1:${port}`, 'connection: keep-alive', ...Object.entries(r.headers ?? {}).map(([k, v]) => `${k}: ${v}`)];
  if (body) lines.push('content-type: application/json', `content-length: ${body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return body ? Buffer.concat([head, body]) : head;
}

/** A pool of keep-alive connections to `port`; `send` resolves with the status code. */
export function leanPool(port: number, concurrency: number): { send: (request: Buffer) => Promise<number>; close: () => void } {
  const all = Array.from({ length: concurrency }, () => new Connection(port));
  const free = [...all];
  return {
    send: async (request) => {
      let c = free.pop();
      if (!c) {
        c = new Connection(port);
        all.push(c);
      }
      try {
        return await c.send(request);
      } finally {
        free.push(c);
      }
    },
    close: () => {
      for (const c of all) c.close();
    },
  };
}

export interface HttpTarget {
  port: number;
  path: string;
  headers?: Record<string, string>;
}

/** An operation that GETs `target` over one of `concurrency` keep-alive connections and expects 200. */
export function leanGet(target: HttpTarget, concurrency: number): { run: Op; close: () => void } {
  const request = encodeRequest(target.port, { method: 'GET', path: target.path, headers: target.headers });
  const pool = leanPool(target.port, concurrency);
  return {
    run: async () => {
      const status = await pool.send(request);
      if (status !== 200) throw new Error(`GET ${target.path} answered ${status}`);
    },
    close: pool.close,
  };
}
