// The road network of this server, built once at startup from ROADS_FILE; a bad file stops the start
// with the reader's message (ConfigError). Without ROADS_FILE there is none: straight lines, as before.
import { ConfigError } from '../config/config';
import type { Logger } from '../log';
import { roadNetworkOf, type GraphRoadNetwork } from './network';
import { readRoadsFile, RoadsFileError, type RoadsFile } from './roads-file';

export interface LoadedRoads {
  /** The parsed file (the console's base layer, GET /api/roads). */
  file: RoadsFile;
  network: GraphRoadNetwork;
}

export function loadRoads(file: string | undefined, log: Logger): LoadedRoads | undefined {
  if (!file) return undefined;
  let roads: RoadsFile;
  try {
    roads = readRoadsFile(file);
  } catch (err) {
    if (err instanceof RoadsFileError) throw new ConfigError(err.message);
    throw err;
  }
  const network = roadNetworkOf(roads);
  if (network.edgeCount === 0) {
    throw new ConfigError(
      `ROADS_FILE ${file} has no road a van may drive (all are footways, private or empty)`,
    );
  }
  log.info({ file, features: roads.features.length, links: network.edgeCount }, 'road network loaded');
  return { file: roads, network };
}
