// The https sandbox's certificates: a throwaway CA and a server certificate it signs for the loopback names
// (and the listen host). A CA apart from the leaf, with key identifiers, because strict verifiers
// (OpenSSL's X509_STRICT, as Python 3.13 uses by default) refuse a bare self-signed leaf as a trust anchor.

import { generateKeyPair, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { promisify } from 'node:util';

type Forge = typeof import('node-forge');
type Certificate = import('node-forge').pki.Certificate;

/** The PEMs of one generated pair: trust `ca`, serve `cert` with `key`. */
export interface SandboxCertificates {
  ca: string;
  cert: string;
  key: string;
}

const DAY_MS = 86_400_000;
const makeKeys = promisify(generateKeyPair);

/** Subject alternative names: localhost, 127.0.0.1, ::1, and the listen host when it names one host. */
export function subjectAltNames(
  listenHost: string,
): Array<{ type: 2; value: string } | { type: 7; ip: string }> {
  const host = listenHost.replace(/^\[|\]$/g, '').toLowerCase();
  const names = ['localhost', '127.0.0.1', '::1'];
  if (host !== '' && host !== '0.0.0.0' && host !== '::' && !names.includes(host)) names.push(host);
  return names.map((name) => (isIP(name) ? { type: 7, ip: name } : { type: 2, value: name }));
}

/** An RSA key pair made by Node's own crypto (fast), read into forge's form. */
async function rsaKeys(forge: Forge) {
  const { privateKey, publicKey } = await makeKeys('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    privatePem: privateKey,
    privateKey: forge.pki.privateKeyFromPem(privateKey),
    publicKey: forge.pki.publicKeyFromPem(publicKey),
  };
}

function newCertificate(forge: Forge, publicKey: Certificate['publicKey']): Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial (first bit clear), random so that a browser never sees two certificates alike.
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(Date.now() - DAY_MS); // a client clock a little behind still agrees
  cert.validity.notAfter = new Date(Date.now() + 365 * DAY_MS);
  return cert;
}

/** Makes a CA valid for a year and a server certificate it signs (RSA 2048, SHA-256). */
export async function generateCertificates(forge: Forge, listenHost: string): Promise<SandboxCertificates> {
  // Both key pairs at once: Node makes them on its thread pool, side by side where a core is free.
  const [caKeys, serverKeys] = await Promise.all([rsaKeys(forge), rsaKeys(forge)]);
  const ca = newCertificate(forge, caKeys.publicKey);
  const caName = [{ name: 'commonName', value: `peony sandbox CA ${new Date().toISOString()}` }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const server = newCertificate(forge, serverKeys.publicKey);
  server.setSubject([{ name: 'commonName', value: 'localhost' }]);
  server.setIssuer(caName);
  server.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: subjectAltNames(listenHost) },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  server.sign(caKeys.privateKey, forge.md.sha256.create());
  return {
    ca: forge.pki.certificateToPem(ca),
    cert: forge.pki.certificateToPem(server),
    key: serverKeys.privatePem,
  };
}
