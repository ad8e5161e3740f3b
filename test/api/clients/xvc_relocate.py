"""Cross vCenter vMotion with a ServiceLocator: look the target up on B, map the NIC, relocate from A."""
from pyVmomi import vim
from common import args, connect, emit, find_by_name, find_vm, wait_updates_ex, Disconnect

a = args()
src_args, dst_args = a["vcenters"][a["source"]], a["vcenters"][a["target"]]
src, _ = connect(src_args)
dst, dst_sha1 = connect(dst_args)
vm = find_vm(src, a["vm"])
instance_uuid = vm.config.instanceUuid
host = find_by_name(dst, vim.HostSystem, a["host"])
ds = find_by_name(dst, vim.Datastore, a["datastore"])
net = find_by_name(dst, vim.Network, a["network"])
dc = dst.content.rootFolder.childEntity[0]

service = vim.ServiceLocator(
    instanceUuid=dst.content.about.instanceUuid,
    url="https://127.0.0.1:%d/sdk" % dst_args["port"],
    credential=vim.ServiceLocator.NamePassword(username=dst_args["user"], password=dst_args["password"]),
    sslThumbprint=dst_sha1)
changes = []
for dev in vm.config.hardware.device:
    if isinstance(dev, vim.vm.device.VirtualEthernetCard):
        if isinstance(net, vim.dvs.DistributedVirtualPortgroup):
            dev.backing = vim.vm.device.VirtualEthernetCard.DistributedVirtualPortBackingInfo(
                port=vim.dvs.PortConnection(portgroupKey=net.key, switchUuid="lab"))
        else:
            dev.backing = vim.vm.device.VirtualEthernetCard.NetworkBackingInfo(deviceName=net.name, network=net)
        changes.append(vim.vm.device.VirtualDeviceSpec(operation="edit", device=dev))
spec = vim.vm.RelocateSpec(service=service, folder=dc.vmFolder, datastore=ds, pool=host.parent.resourcePool,
                           host=host, deviceChange=changes)
task = vm.RelocateVM_Task(spec, vim.VirtualMachine.MovePriority.defaultPriority)
initiator = task.info.reason.userName
state, error, progress = wait_updates_ex(src, task)

moved = dst.content.searchIndex.FindByUuid(None, instance_uuid, True, True)
still_on_source = src.content.searchIndex.FindByUuid(None, instance_uuid, True, True)
receive = [t.info.descriptionId for t in dst.content.taskManager.recentTask]
result = {"state": state, "error": (getattr(error, "localizedMessage", None) or error.msg) if error else None, "initiator": initiator,
          "onSource": still_on_source is not None, "targetTasks": receive}
if moved is not None:
    nets = [d.backing.port.portgroupKey if hasattr(d.backing, "port") else d.backing.deviceName
            for d in moved.config.hardware.device if isinstance(d, vim.vm.device.VirtualEthernetCard)]
    result.update({"onTarget": True, "targetHost": moved.runtime.host.name, "targetName": moved.name,
                   "nicPortgroups": nets, "expectedPortgroup": net.key if hasattr(net, "key") else net.name,
                   "datastores": [d.name for d in moved.datastore]})
else:
    result["onTarget"] = False
emit(result)
Disconnect(src)
Disconnect(dst)
