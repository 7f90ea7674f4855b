/**
 * Shape predicates: a setting's value becomes a bucket, a model or a region only when its shape
 * says so. Names of variables are hints; the value decides.
 */

import { REGION_CODE } from '../resolve/locate';

/** A 12-digit AWS account id: never a bucket, model or region. */
export const ACCOUNT_ID = /^\d{12}$/;

/** Names S3 reserves for its own features, which no general purpose bucket can take. */
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/**
 * Whether text can be a general purpose bucket name (S3 naming rules: 3-63 characters of lowercase
 * letters, digits, dots and hyphens, starting and ending with a letter or digit, no `..`, not an IP
 * address, no reserved prefix or suffix). A bare number is valid to S3 but is read as a number or
 * an account id here: apps name buckets with words.
 */
export function isBucketName(text: string): boolean {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(text)) return false;
  if (text.includes('..') || /^\d+(\.\d+){3}$/.test(text) || /^[\d.-]+$/.test(text)) return false;
  if (RESERVED_PREFIXES.some((p) => text.startsWith(p))) return false;
  return !RESERVED_SUFFIXES.some((s) => text.endsWith(s));
}

/** A value of a `*BUCKET*` setting that is a bucket: a bucket's shape, and not a region code. */
export function namesBucket(text: string): boolean {
  return isBucketName(text) && !REGION_CODE.test(text);
}

/** `s3://bucket/key` whose bucket part has a bucket's shape. */
export function isS3Uri(text: string): boolean {
  if (!text.startsWith('s3://')) return false;
  return isBucketName(text.slice(5).split('/')[0]);
}

/** An ARN of one of the given services (`arn:<partition>:<service>:...`). */
export function isArnOf(text: string, services: ReadonlySet<string>): boolean {
  const match = /^arn:aws[a-z-]*:([a-z0-9-]+):/.exec(text);
  return match !== null && services.has(match[1]);
}
