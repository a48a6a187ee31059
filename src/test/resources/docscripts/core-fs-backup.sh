#!/bin/bash
# The file-system backup script of "Back up and restore data", InfluxDB 3 Core
# (https://docs.influxdata.com/influxdb3/core/admin/backup-restore/), as published, so that tests
# can make the backups operators already have. Only the three settings take their values from the
# environment instead of the placeholders; every command below them is the documented one.
NODE_ID="${NODE_ID:?}"
DATA_DIR="${DATA_DIR:?}"
BACKUP_DIR="${BACKUP_DIR:-/backup/$(date +%Y%m%d-%H%M%S)}"

mkdir -p "$BACKUP_DIR"

# Copy in recommended order
cp -r $DATA_DIR/${NODE_ID}/snapshots "$BACKUP_DIR/"
cp -r $DATA_DIR/${NODE_ID}/dbs "$BACKUP_DIR/"
cp -r $DATA_DIR/${NODE_ID}/wal "$BACKUP_DIR/"
cp -r $DATA_DIR/${NODE_ID}/catalog "$BACKUP_DIR/"
cp $DATA_DIR/${NODE_ID}/_catalog_checkpoint "$BACKUP_DIR/"

echo "Backup completed to $BACKUP_DIR"
