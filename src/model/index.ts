export * from './cluster';
export * from './customTopology';
export * from './ids';
export * from './layout';
export * from './nodeSpace';
export * from './profile';
export * from './profiles';
export * from './topology';
