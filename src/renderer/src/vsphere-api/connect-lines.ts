import type { VsphereApiEndpointInfo } from '../../../shared/contract';

/** One way to connect to an endpoint, ready to paste (the password is left for the user to type). */
export interface ConnectLine {
  client: 'pyvmomi' | 'govc' | 'PowerCLI';
  text: string;
}

/**
 * The connect lines the panel shows. pyvmomi 6.7 and govc pin the SHA-1 form of the certificate
 * the lab shows by SHA-256; PowerCLI is told to accept it for this session only.
 */
export function connectLines(e: VsphereApiEndpointInfo): ConnectLine[] {
  const port = e.port;
  return [
    {
      client: 'pyvmomi',
      text:
        `si = SmartConnect(host="127.0.0.1", port=${port}, user="${e.user}", pwd=PASSWORD, ` +
        `thumbprint="${e.sha1Thumbprint}", sslContext=ssl._create_unverified_context())`,
    },
    {
      client: 'govc',
      text:
        `echo "127.0.0.1:${port} ${e.sha1Thumbprint}" >> ~/.govmomi/known_hosts && ` +
        `GOVC_URL=https://127.0.0.1:${port}/sdk GOVC_USERNAME='${e.user}' GOVC_PASSWORD=... govc about`,
    },
    {
      client: 'PowerCLI',
      text:
        `Set-PowerCLIConfiguration -InvalidCertificateAction Ignore -Scope Session -Confirm:$false; ` +
        `Connect-VIServer -Server 127.0.0.1 -Port ${port} -User '${e.user}'`,
    },
  ];
}
