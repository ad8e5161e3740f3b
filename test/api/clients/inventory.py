"""Connect with a pinned thumbprint and list every VM with its host and power state, in pages."""
from pyVmomi import vim, vmodl
from common import args, connect, emit, Disconnect

a = args()
si, sha1 = connect(a["vcenters"][a["vcenter"]])
content = si.RetrieveContent()
view = content.viewManager.CreateContainerView(content.rootFolder, [vim.VirtualMachine], True)
spec = vmodl.query.PropertyCollector.FilterSpec(
    objectSet=[vmodl.query.PropertyCollector.ObjectSpec(
        obj=view, skip=True,
        selectSet=[vmodl.query.PropertyCollector.TraversalSpec(name="traverseEntities", type=vim.view.ContainerView, path="view")])],
    propSet=[vmodl.query.PropertyCollector.PropertySpec(type=vim.VirtualMachine, pathSet=["name", "runtime.host", "runtime.powerState"])])
pc = content.propertyCollector
pages = 0
vms = []
result = pc.RetrievePropertiesEx([spec], vmodl.query.PropertyCollector.RetrieveOptions(maxObjects=5))
while result:
    pages += 1
    for obj in result.objects:
        props = {p.name: p.val for p in obj.propSet}
        vms.append({"name": props["name"], "host": props["runtime.host"].name, "power": props["runtime.powerState"]})
    result = pc.ContinueRetrievePropertiesEx(result.token) if result.token else None
view.Destroy()
about = content.about
emit({"apiType": about.apiType, "apiVersion": about.apiVersion, "instanceUuid": about.instanceUuid,
      "version": si._stub.version if hasattr(si, "_stub") else None, "user": content.sessionManager.currentSession.userName,
      "pages": pages, "vms": vms})
Disconnect(si)
