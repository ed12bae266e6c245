/** The part of s3rver (a fake S3 server, no types of its own) that lib/testing/s3-server.ts uses. */
declare module 's3rver' {
  import type { AddressInfo } from 'node:net';

  type S3rverOptions = {
    address?: string;
    /** 0: a free port (run() says which). */
    port?: number;
    silent?: boolean;
    /** Where the buckets and objects are kept. */
    directory?: string;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  };

  class S3rver {
    constructor(options?: S3rverOptions);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }

  export = S3rver;
}
