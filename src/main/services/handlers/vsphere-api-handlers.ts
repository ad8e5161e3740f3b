import type { VsphereApiStatus } from '../../../shared/contract';
import { LabFault } from '../../../shared/result';
import type { Handlers } from '../dispatch';
import type { LabService } from '../lab-service';

type VsphereApiCalls = 'vsphereApi.endpoints' | 'vsphereApi.setRunning';

/** The vSphere API panel (issue 17): list the endpoints, start or stop them. */
export function vsphereApiHandlers(lab: LabService): Pick<Handlers, VsphereApiCalls> {
  const status = (): VsphereApiStatus => {
    const api = lab.vsphereApi;
    return {
      available: api !== null,
      running: api?.running ?? false,
      endpoints: api?.running ? api.list() : [],
    };
  };
  return {
    'vsphereApi.endpoints': () => status(),
    'vsphereApi.setRunning': async ({ running }) => {
      const api = lab.vsphereApi;
      if (!api) throw new LabFault('not-allowed', 'This lab was started without the vSphere API.');
      if (running) await api.start();
      else await api.stop();
      return status();
    },
  };
}
