"""Storage vMotion to another datastore, every disk converted to thin, watched with WaitForUpdatesEx."""
from pyVmomi import vim
from common import args, connect, emit, find_by_name, find_vm, wait_updates_ex, Disconnect

a = args()
si, _ = connect(a["vcenters"][a["vcenter"]])
vm = find_vm(si, a["vm"])
ds = find_by_name(si, vim.Datastore, a["datastore"])
disks = [d for d in vm.config.hardware.device if isinstance(d, vim.vm.device.VirtualDisk)]
before = [{"thin": bool(d.backing.thinProvisioned), "datastore": d.backing.datastore.name} for d in disks]
locators = [vim.vm.RelocateSpec.DiskLocator(
    diskId=d.key, datastore=ds,
    diskBackingInfo=vim.vm.device.VirtualDisk.FlatVer2BackingInfo(fileName="", diskMode="persistent", thinProvisioned=True))
    for d in disks]
spec = vim.vm.RelocateSpec(datastore=ds, disk=locators, transform="sparse")
task = vm.RelocateVM_Task(spec, vim.VirtualMachine.MovePriority.defaultPriority)
state, error, progress = wait_updates_ex(si, task)
after = [{"thin": bool(d.backing.thinProvisioned), "datastore": d.backing.datastore.name}
         for d in vm.config.hardware.device if isinstance(d, vim.vm.device.VirtualDisk)]
emit({"state": state, "error": error.localizedMessage if error else None, "progressSeen": len(progress),
      "before": before, "after": after, "vmDatastores": sorted(d.name for d in vm.datastore)})
Disconnect(si)
