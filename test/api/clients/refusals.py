"""The three ServiceLocator refusals: wrong thumbprint, wrong password, unknown instanceUuid."""
from pyVmomi import vim, vmodl
from common import args, connect, emit, find_by_name, find_vm, Disconnect

a = args()
src_args, dst_args = a["vcenters"][a["source"]], a["vcenters"][a["target"]]
src, _ = connect(src_args)
dst, dst_sha1 = connect(dst_args)
vm = find_vm(src, a["vm"])
host_before = vm.runtime.host.name
host = find_by_name(dst, vim.HostSystem, a["host"])
ds = find_by_name(dst, vim.Datastore, a["datastore"])


def attempt(instance_uuid, password, thumbprint):
    service = vim.ServiceLocator(
        instanceUuid=instance_uuid, url="https://127.0.0.1:%d/sdk" % dst_args["port"],
        credential=vim.ServiceLocator.NamePassword(username=dst_args["user"], password=password),
        sslThumbprint=thumbprint)
    spec = vim.vm.RelocateSpec(service=service, datastore=ds, pool=host.parent.resourcePool, host=host)
    try:
        vm.RelocateVM_Task(spec)
    except vmodl.MethodFault as e:
        return {"fault": type(e).__name__.split(".")[-1], "message": e.msg}
    return {"fault": None}


uuid = dst.content.about.instanceUuid
wrong = ":".join(["AB"] * 20)
result = {
    "wrongThumbprint": attempt(uuid, dst_args["password"], wrong),
    "badCredential": attempt(uuid, "not-the-password", dst_sha1),
    "unknownInstance": attempt("00000000-0000-4000-8000-000000000000", dst_args["password"], dst_sha1),
}
result["hostBefore"] = host_before
result["hostAfter"] = vm.runtime.host.name
result["recentTasks"] = len(src.content.taskManager.recentTask)
emit(result)
Disconnect(src)
Disconnect(dst)
