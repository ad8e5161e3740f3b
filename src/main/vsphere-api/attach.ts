/**
 * Attaches the vSphere API door to a lab service: real certificates for every vCenter (adopted into
 * the world now and after every lab switch or reset, so the thumbprint the UI shows is always the
 * served one) and the endpoints, started now or later from the UI's switch.
 */
import type { LabService } from '../services/lab-service';
import { VCenterCertificates } from './certificates';
import { VsphereApi } from './index';

export interface AttachOptions {
  /** The app's data folder (certificates are kept under it); null: in memory. */
  dataDir: string | null;
  /** First endpoint port (0: free ports). */
  port: number;
  /** Start the endpoints now (--vsphere-api). */
  start: boolean;
  log?: (line: string) => void;
}

export async function attachVsphereApi(lab: LabService, options: AttachOptions): Promise<VsphereApi> {
  const certificates = await VCenterCertificates.open(options.dataDir);
  await certificates.adopt(lab.world);
  lab.certificates = certificates;
  lab.subscribe((name) => {
    if (name === 'lab.reloaded') void certificates.adopt(lab.world);
  });
  const api = new VsphereApi({ lab, certificates, port: options.port, log: options.log });
  lab.vsphereApi = api;
  if (options.start) await api.start();
  return api;
}
