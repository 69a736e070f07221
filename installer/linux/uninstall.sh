#!/bin/sh
# Remove SIP Desk installed by install.sh for this user. Your plans (.sipdesk files) are not
# touched. SIP Desk's private folder (backups, crash notes) and its settings are kept too, unless
# you add --all:  ~/.local/share/sipdesk/uninstall.sh --all
set -eu
data="${XDG_DATA_HOME:-$HOME/.local/share}"
config="${XDG_CONFIG_HOME:-$HOME/.config}"
rm -rf "$data/sipdesk/app"
rm -f "$data/sipdesk/uninstall.sh" "$HOME/.local/bin/sipdesk" \
  "$data/applications/sipdesk.desktop" "$data/mime/packages/sipdesk.xml" \
  "$data/icons/hicolor/256x256/apps/sipdesk.png" \
  "$data/icons/hicolor/256x256/mimetypes/application-x-sipdesk.png"
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" || true
if [ "${1:-}" = "--all" ]; then
  # The private folder and settings (see README, "Where SIP Desk keeps things").
  rm -rf "$data/SIP Desk" "$config/SIP Desk"
  echo "SIP Desk, its private folder and its settings are removed. Your plans are untouched."
else
  echo "SIP Desk is removed. Your plans, backups and settings are untouched."
fi
rmdir "$data/sipdesk" 2>/dev/null || true
