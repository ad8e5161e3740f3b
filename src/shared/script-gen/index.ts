/**
 * Every action as the script that does it: one generator per tool and action, in one table. Pure
 * functions of the request and the names it refers to, shared by the renderer (the copy panel) and
 * the tests that run the generated code against the lab's vSphere API.
 */
import { govcMaintenance, govcMigration } from './govc';
import { powercliMaintenance, powercliMigration } from './powercli';
import { pyvmomiMaintenance, pyvmomiMigration } from './pyvmomi';
import {
  scriptTools,
  type GeneratedScript,
  type MaintenanceScriptInput,
  type MigrationScriptInput,
  type ScriptInput,
  type ScriptTool,
} from './script-input';

export * from './script-input';

const generators: Record<
  ScriptTool,
  {
    migrate: (i: MigrationScriptInput) => GeneratedScript;
    maintenance: (i: MaintenanceScriptInput) => GeneratedScript;
  }
> = {
  powercli: { migrate: powercliMigration, maintenance: powercliMaintenance },
  pyvmomi: { migrate: pyvmomiMigration, maintenance: pyvmomiMaintenance },
  govc: { migrate: govcMigration, maintenance: govcMaintenance },
};

/** The action as PowerCLI, pyvmomi and govc, in that order. */
export function generateScripts(input: ScriptInput): GeneratedScript[] {
  return scriptTools.map((tool) =>
    input.action === 'migrate' ? generators[tool].migrate(input) : generators[tool].maintenance(input),
  );
}
export * from './from-wizard';
