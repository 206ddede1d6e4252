// A certificate that does not verify is not a network blip: it gets its own error, with what to do about it.

import { ConnectionError, type RequestSummary } from './errors.js';

const TRUST_THE_CA =
  'it was not issued by a CA this process trusts. For a local https server such as `peony sandbox --https` or startSandbox({ tls: true }), trust the CA file it prints (its caPath): NODE_EXTRA_CA_CERTS=<file>, or a dispatcher with connect: { ca }. Never turn certificate checks off.';
const CHECK_THE_DATES =
  "it is outside its validity dates. Check this machine's clock; if it is right, the server's certificate must be renewed.";
const CHECK_THE_NAME =
  "it was issued for another host name. Check the client's baseUrl: a sandbox's certificate holds for 127.0.0.1 and localhost, X's for its own hosts.";
const CANNOT_VERIFY =
  'it cannot be verified. Check the baseUrl, and any proxy that intercepts TLS (its CA must be trusted, as for NODE_EXTRA_CA_CERTS).';

/** Node's and OpenSSL's codes for a certificate that did not verify, each with why and what to do. */
const CERTIFICATE_FAILURES: ReadonlyMap<string, string> = new Map([
  ...[
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'CERT_UNTRUSTED',
    'INVALID_CA',
  ].map((code) => [code, TRUST_THE_CA] as const),
  ...[
    'CERT_HAS_EXPIRED',
    'CERT_NOT_YET_VALID',
    'ERROR_IN_CERT_NOT_BEFORE_FIELD',
    'ERROR_IN_CERT_NOT_AFTER_FIELD',
  ].map((code) => [code, CHECK_THE_DATES] as const),
  ...['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH'].map((code) => [code, CHECK_THE_NAME] as const),
  ...[
    'CERT_SIGNATURE_FAILURE',
    'CERT_REJECTED',
    'CERT_REVOKED',
    'CERT_CHAIN_TOO_LONG',
    'PATH_LENGTH_EXCEEDED',
    'INVALID_PURPOSE',
    'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
    'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  ].map((code) => [code, CANNOT_VERIFY] as const),
]);

/** Whether a connection failure's code says the server's certificate did not verify: no retry can help. */
export function isCertificateFailure(code: string | undefined): boolean {
  return code !== undefined && CERTIFICATE_FAILURES.has(code);
}

/** The ConnectionError for a certificate that did not verify, or `undefined` when `code` is not one. */
export function certificateFailure(
  code: string | undefined,
  summary: RequestSummary,
  cause: unknown,
): ConnectionError | undefined {
  const why = code === undefined ? undefined : CERTIFICATE_FAILURES.get(code);
  if (code === undefined || why === undefined) return undefined;
  // The handshake failed, so no byte of the request was sent.
  return new ConnectionError(
    `${summary.method} ${summary.url} failed: the server's TLS certificate is not trusted (${code}): ${why} Nothing was sent, and it was not retried: sending again cannot help.`,
    { request: summary, notSent: true, code, cause },
  );
}
