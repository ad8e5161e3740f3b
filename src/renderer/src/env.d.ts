/// <reference types="vite/client" />
import type { LabApi } from '../../shared/contract';

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

declare global {
  interface Window {
    /** Present only in Electron, exposed by the preload. */
    vmotionLab?: LabApi;
  }
}
