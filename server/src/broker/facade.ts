// What the HTTP API needs of MQTT: commands and device drops through whichever node holds the
// device's connection (cluster mode), or this node's broker.
import type { ClusterNode } from '../cluster/cluster-node';
import type { Services } from '../services';
import type { Broker } from './broker';

export function mqttFacade(broker: Broker, node: ClusterNode | undefined): Services['mqtt'] {
  return {
    sendCommand: (id, payload) =>
      node ? node.sendCommand(id, payload) : Promise.resolve(broker.sendCommand(id, payload)),
    connectedClients: () => broker.aedes.connectedClients,
    drop: async (id) => {
      if (node) await node.revokeDevice(id);
      else broker.drop(id);
    },
  };
}
