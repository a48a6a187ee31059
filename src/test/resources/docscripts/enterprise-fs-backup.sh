#!/bin/bash
# The file-system backup script of "Back up and restore data", InfluxDB 3 Enterprise
# (https://docs.influxdata.com/influxdb3/enterprise/admin/backup-restore/), as published, so that
# tests can make the backups operators already have. Only the settings take their values from the
# environment instead of the placeholders (DATA_NODES as a space-separated list); every command
# below them is the documented one, including the first cp -r of cs, which runs before the
# compactor's folder exists in the backup.
CLUSTER_ID="${CLUSTER_ID:?}"
COMPACTOR_NODE="${COMPACTOR_NODE:?}"
read -r -a DATA_NODES <<< "${DATA_NODES:?}"
DATA_DIR="${DATA_DIR:?}"
BACKUP_DIR="${BACKUP_DIR:-/backup/$(date +%Y%m%d-%H%M%S)}"

mkdir -p "$BACKUP_DIR"

# 1. Backup compactor node first
echo "Backing up compactor node..."
cp -r $DATA_DIR/${COMPACTOR_NODE}/cs "$BACKUP_DIR/${COMPACTOR_NODE}/"
cp -r $DATA_DIR/${COMPACTOR_NODE}/cd "$BACKUP_DIR/${COMPACTOR_NODE}/"
cp -r $DATA_DIR/${COMPACTOR_NODE}/c "$BACKUP_DIR/${COMPACTOR_NODE}/"

# 2. Backup all nodes
ALL_NODES=("${DATA_NODES[@]}" "$COMPACTOR_NODE")
for NODE_ID in "${ALL_NODES[@]}"; do
  echo "Backing up node: ${NODE_ID}"
  mkdir -p "$BACKUP_DIR/${NODE_ID}"
  cp -r $DATA_DIR/${NODE_ID}/snapshots "$BACKUP_DIR/${NODE_ID}/"
  cp -r $DATA_DIR/${NODE_ID}/dbs "$BACKUP_DIR/${NODE_ID}/"
  cp -r $DATA_DIR/${NODE_ID}/wal "$BACKUP_DIR/${NODE_ID}/"
done

# 3. Backup cluster catalog
echo "Backing up cluster catalog..."
mkdir -p "$BACKUP_DIR/${CLUSTER_ID}"
cp -r $DATA_DIR/${CLUSTER_ID}/catalog "$BACKUP_DIR/${CLUSTER_ID}/"
cp $DATA_DIR/${CLUSTER_ID}/_catalog_checkpoint "$BACKUP_DIR/${CLUSTER_ID}/"
cp $DATA_DIR/${CLUSTER_ID}/enterprise "$BACKUP_DIR/${CLUSTER_ID}/"

# 4. Backup license files (if they exist)
[ -f "$DATA_DIR/${CLUSTER_ID}/commercial_license" ] && \
  cp $DATA_DIR/${CLUSTER_ID}/commercial_license "$BACKUP_DIR/${CLUSTER_ID}/"
[ -f "$DATA_DIR/${CLUSTER_ID}/trial_or_home_license" ] && \
  cp $DATA_DIR/${CLUSTER_ID}/trial_or_home_license "$BACKUP_DIR/${CLUSTER_ID}/"

echo "Backup completed to $BACKUP_DIR"
