; SIP Desk for Windows: a per-user installer that needs no administrator rights.
;
; Wraps the PyInstaller folder (dist\SIP Desk) into SIP-Desk-Setup-VERSION.exe. It installs into
; %LOCALAPPDATA%\Programs\SIP Desk, adds a Start-menu entry, makes .sipdesk files open in SIP Desk
; with their own icon (for this user, in HKCU), and registers an uninstaller in "Apps & features".
; The uninstaller removes the program only: plans, backups and settings are left alone.
;
;   makensis -DVERSION=0.1.0 -DBUNDLE="..\..\dist\SIP Desk" -DOUTFILE=SIP-Desk-Setup.exe sipdesk.nsi
;
; BUNDLE is the PyInstaller folder; CI compiles this script on Linux with Debian's makensis
; against a stand-in folder, and the Windows workflow builds it for real.

Unicode true
SetCompressor /SOLID lzma

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef BUNDLE
  !define BUNDLE "..\..\dist\SIP Desk"
!endif
!ifndef OUTFILE
  !define OUTFILE "SIP-Desk-Setup-${VERSION}.exe"
!endif
!define APP "SIP Desk"
!define EXE "SIP Desk.exe"
!define PROGID "SIPDesk.Plan"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\SIPDesk"

!include "MUI2.nsh"

Name "${APP}"
OutFile "${OUTFILE}"
; Per user: no UAC prompt, nothing written outside the person's own profile and registry hive.
RequestExecutionLevel user
; A fixed place (no folder page): the uninstaller removes only what this installer put there.
InstallDir "$LOCALAPPDATA\Programs\${APP}"
BrandingText "${APP} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${APP}"
VIAddVersionKey "FileDescription" "${APP} installer"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "MIT licence"

!define MUI_ICON "..\icons\sipdesk.ico"
!define MUI_UNICON "..\icons\sipdesk.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Open SIP Desk now"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Section "SIP Desk" SecMain
  SetShellVarContext current
  ; A new version replaces the program's files, so no file of an older one lingers.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}\*.*"
  File "/oname=sipdesk-document.ico" "..\icons\sipdesk-document.ico"
  WriteUninstaller "$INSTDIR\Uninstall SIP Desk.exe"

  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\${EXE}"

  ; .sipdesk files open in SIP Desk, with the document icon (this user only).
  WriteRegStr HKCU "Software\Classes\.sipdesk" "" "${PROGID}"
  WriteRegStr HKCU "Software\Classes\.sipdesk" "Content Type" "application/x-sipdesk"
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "School Improvement Plan"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\sipdesk-document.ico"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${EXE}" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  ; "Apps & features" lists it, with a way to remove it.
  WriteRegStr HKCU "Software\${APP}\Installer" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall SIP Desk.exe"'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  ; The program folder only. Plans live wherever the person saved them; SIP Desk's private
  ; folder (%LOCALAPPDATA%\SIP Desk\SIP Desk: backups, crash notes) and its settings
  ; (HKCU\Software\SIP Desk\SIP Desk) are kept for a reinstall; see the README to remove them.
  ; Only what the installer put there, by name; the folder goes only if nothing else is in it.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\sipdesk-document.ico"
  Delete "$INSTDIR\Uninstall SIP Desk.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APP}.lnk"
  ; The file type goes only if it is still ours.
  ReadRegStr $0 HKCU "Software\Classes\.sipdesk" ""
  StrCmp $0 "${PROGID}" 0 +2
    DeleteRegKey HKCU "Software\Classes\.sipdesk"
  DeleteRegKey HKCU "Software\Classes\${PROGID}"
  DeleteRegKey HKCU "Software\${APP}\Installer"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
