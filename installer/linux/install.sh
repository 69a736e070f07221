#!/bin/sh
# Install SIP Desk for this user only (no administrator rights needed):
#   the program     ~/.local/share/sipdesk/app/
#   the command     ~/.local/bin/sipdesk
#   the menu entry, the .sipdesk file type and the icons under ~/.local/share/
# Run it from the unpacked folder: ./install.sh   (./uninstall.sh removes it again)
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
app="$data/sipdesk/app"
bin="$HOME/.local/bin"

if [ ! -x "$here/SIP Desk/SIP Desk" ]; then
  echo "The program folder \"SIP Desk\" is missing beside install.sh; unpack the whole archive." >&2
  exit 1
fi
rm -rf "$app"
mkdir -p "$app" "$bin" "$data/applications" "$data/mime/packages" \
  "$data/icons/hicolor/256x256/apps" "$data/icons/hicolor/256x256/mimetypes"
cp -R "$here/SIP Desk/." "$app/"
cp "$here/uninstall.sh" "$data/sipdesk/uninstall.sh"
ln -sf "$app/SIP Desk" "$bin/sipdesk"
cp "$here/sipdesk.png" "$data/icons/hicolor/256x256/apps/sipdesk.png"
cp "$here/sipdesk-document.png" "$data/icons/hicolor/256x256/mimetypes/application-x-sipdesk.png"
# The menu entry names the program by its full path: ~/.local/bin is not always on PATH.
sed "s|^Exec=sipdesk |Exec=\"$app/SIP Desk\" |" "$here/sipdesk.desktop" \
  > "$data/applications/sipdesk.desktop"
cp "$here/sipdesk-mime.xml" "$data/mime/packages/sipdesk.xml"

# Refresh the desktop's lists where the tools exist (they are optional).
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" || true
command -v xdg-mime >/dev/null 2>&1 && xdg-mime default sipdesk.desktop application/x-sipdesk || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true

echo "SIP Desk is installed. Open it from your applications menu, by double-clicking a"
echo ".sipdesk file, or with the command: $bin/sipdesk"
