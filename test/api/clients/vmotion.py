"""vMotion (compute only): check first, relocate to another host, wait with pyVim's WaitForTask."""
from pyVim.task import WaitForTask
from pyVmomi import vim
from common import args, connect, emit, find_by_name, find_vm, Disconnect

a = args()
si, _ = connect(a["vcenters"][a["vcenter"]])
vm = find_vm(si, a["vm"])
host = find_by_name(si, vim.HostSystem, a["host"])
spec = vim.vm.RelocateSpec(host=host, pool=host.parent.resourcePool)
check = si.content.vmProvisioningChecker.CheckRelocate_Task(vm=vm, spec=spec)
WaitForTask(check)
errors = [e.localizedMessage for r in check.info.result for e in (r.error or [])]
task = vm.RelocateVM_Task(spec, vim.VirtualMachine.MovePriority.highPriority)
state = WaitForTask(task)
info = task.info
emit({"checkErrors": errors, "state": state, "host": vm.runtime.host.name, "taskName": info.descriptionId,
      "initiator": info.reason.userName, "entityName": info.entityName})
Disconnect(si)
