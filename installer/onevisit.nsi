; OneVisit Back Office: the Windows installer (NSIS 3).
;
; Build it with installer/make_installer.py (bootstrap.ps1 bundle / bootstrap.sh
; bundle do), which passes the defines below, signs what a certificate is
; configured for, and checks the result. By hand:
;
;   makensis -DVERSION=0.1.0 -DVERSION4=0.1.0.0 installer\onevisit.nsi
;
; The same script compiles on Linux (makensis from Debian's nsis) against the
; Linux bundle, whose executables have no .exe suffix: CI does that on every
; run so the script cannot rot (-DGUI_EXE=OneVisitBackOffice -DCLI_EXE=backoffice
; -DBUNDLE_DIR=... -DCOMPRESSION=off). What it does is described for IT in
; docs/install.md:
;
;   per-user install (no administrator rights; %LOCALAPPDATA%\Programs\...) by
;   default, per-machine (Program Files) with /AllUsers or on the mode page
;   (shown to administrators); Start-menu shortcut; the console tool on PATH
;   (optional, /PATH); .ovarchive archive packages open with the app's verifier
;   (/NOASSOC to leave them alone); upgrade in place (same folder and mode as
;   the installed version; the old program files are replaced, never the data);
;   an uninstaller that keeps the user's data in
;   %LOCALAPPDATA%\OneVisit\OneVisitBackOffice unless asked (/REMOVEDATA);
;   silent: /S, /D=folder (last, unquoted).

; A 64-bit installer for a 64-bit app: it runs where the app can (Windows
; itself refuses it on a 32-bit system), writes the 64-bit registry and
; Program Files natively, and can be checked under Debian's wine64
; (installer/check_installer_wine.py).
Target amd64-unicode
ManifestDPIAware true
ManifestSupportedOS all

; --- what the build passes ----------------------------------------------------

!ifndef VERSION
  !error "VERSION is not defined: build with installer/make_installer.py, or pass -DVERSION=x.y.z -DVERSION4=x.y.z.0"
!endif
!ifndef VERSION4
  !error "VERSION4 (four numbers, for the version resource) is not defined"
!endif
!define /ifndef BUNDLE_DIR "..\dist\OneVisitBackOffice"
!define /ifndef GUI_EXE "OneVisitBackOffice.exe"
!define /ifndef CLI_EXE "backoffice.exe"
!define /ifndef ICON "..\resources\icons\onevisit.ico"
!define /ifndef OUTFILE "..\dist\OneVisitBackOffice-${VERSION}-setup.exe"
; lzma (release), zlib, or off (CI's compile check: seconds instead of minutes)
!define /ifndef COMPRESSION "lzma"
; SIGN_COMMAND (optional): a command that signs the file named after it; the
; uninstaller is signed with it before it is packed into the installer.

; --- names ----------------------------------------------------------------

!define PRODUCT "OneVisit Back Office"
!define PUBLISHER "OneVisit"
!define APP_ID "OneVisitBackOffice"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define UNINSTALLER "uninstall.exe"
; The user's data (backoffice/paths.py, platformdirs): the store, logs, cache,
; and the settings in the registry (QSettings, ui/settings.py).
!define DATA_PARENT "OneVisit"
!define DATA_FOLDER "OneVisit\OneVisitBackOffice"
!define SETTINGS_KEY "Software\OneVisit\OneVisitBackOffice"
; Archive packages of decisions (docs/signing.md "Archive package"; a zip).
!define ARCHIVE_EXT ".ovarchive"
!define PROGID "OneVisit.ArchivePackage"
!define ZIP_VERB_KEY "Software\Classes\SystemFileAssociations\.zip\shell\OneVisit.Verify"
!define ENV_HKCU "Environment"
!define ENV_HKLM "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
BrandingText "${PRODUCT} ${VERSION}"
!if "${COMPRESSION}" == "off"
  SetCompress off
!else
  SetCompressor /SOLID ${COMPRESSION}
!endif
ShowInstDetails show
ShowUninstDetails show

!ifdef SIGN_COMMAND
  ; "= 0": makensis fails when signing fails.
  !uninstfinalize '${SIGN_COMMAND} "%1"' = 0
!endif

; --- install modes (MultiUser.nsh) --------------------------------------------

; "Highest": a standard user runs it without a UAC prompt and installs for
; themself; an administrator is asked for elevation and may choose either mode.
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE          ; /AllUsers, /CurrentUser
!define MULTIUSER_INSTALLMODE_DEFAULT_CURRENTUSER
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "${PRODUCT}"
; Upgrade in place: the folder and the mode of the installed version.
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${UNINST_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallLocation"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${UNINST_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!define MULTIUSER_INSTALLMODE_FUNCTION OnInstallMode
!define MULTIUSER_INSTALLMODE_UNFUNCTION un.OnInstallMode

!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include Sections.nsh
!include WinMessages.nsh
!include StrFunc.nsh
${Using:StrFunc} UnStrRep

Var CommandLineDir   ; /D=… as given, kept from MultiUser's defaults
Var Parameters

; --- pages ------------------------------------------------------------------

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC

!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUI_EXE}"
!define MUI_FINISHPAGE_RUN_NOTCHECKED
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString SEC_MAIN ${LANG_SIMPCHINESE} "${PRODUCT}（程序与开始菜单快捷方式）"
LangString SEC_MAIN ${LANG_ENGLISH} "${PRODUCT} (program and Start-menu shortcut)"
LangString SEC_PATH ${LANG_SIMPCHINESE} "将命令行工具 backoffice 加入 PATH"
LangString SEC_PATH ${LANG_ENGLISH} "Add the command-line tool backoffice to PATH"
LangString SEC_ASSOC ${LANG_SIMPCHINESE} "用本程序校验归档包（${ARCHIVE_EXT}）"
LangString SEC_ASSOC ${LANG_ENGLISH} "Verify archive packages (${ARCHIVE_EXT}) with this program"
LangString SEC_UNMAIN ${LANG_SIMPCHINESE} "删除程序"
LangString SEC_UNMAIN ${LANG_ENGLISH} "Remove the program"
LangString SEC_UNDATA ${LANG_SIMPCHINESE} "同时删除我的数据（本地库、日志、缓存、设置）"
LangString SEC_UNDATA ${LANG_ENGLISH} "Also delete my data (local store, logs, cache, settings)"
LangString MSG_RUNNING ${LANG_SIMPCHINESE} "${PRODUCT} 正在运行。请先退出程序，再点“重试”。"
LangString MSG_RUNNING ${LANG_ENGLISH} "${PRODUCT} is running. Quit it, then choose Retry."
LangString MSG_PATH_LONG ${LANG_SIMPCHINESE} "PATH 太长或无法读取，未修改。请手动加入：$INSTDIR"
LangString MSG_PATH_LONG ${LANG_ENGLISH} "PATH is too long or unreadable and was left unchanged. Add this folder by hand: $INSTDIR"
LangString VERB_VERIFY ${LANG_SIMPCHINESE} "校验归档包（OneVisit）"
LangString VERB_VERIFY ${LANG_ENGLISH} "Verify archive package (OneVisit)"
LangString TYPE_ARCHIVE ${LANG_SIMPCHINESE} "OneVisit 归档包"
LangString TYPE_ARCHIVE ${LANG_ENGLISH} "OneVisit archive package"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${PRODUCT} Setup"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "© ${PUBLISHER}"

; --- shared helpers -------------------------------------------------------

; The app must not run while its files are replaced or removed: a running
; PyInstaller app holds its executable and _internal\*.pyd/.dll open.
!macro CLOSE_CHECK UN
Function ${UN}CloseCheck
  retry:
  ClearErrors
  ${If} ${FileExists} "$INSTDIR\${GUI_EXE}"
    Delete "$INSTDIR\${GUI_EXE}"
  ${EndIf}
  ${If} ${FileExists} "$INSTDIR\${CLI_EXE}"
    Delete "$INSTDIR\${CLI_EXE}"
  ${EndIf}
  ${If} ${FileExists} "$INSTDIR\${GUI_EXE}"
  ${OrIf} ${FileExists} "$INSTDIR\${CLI_EXE}"
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(MSG_RUNNING)" /SD IDCANCEL IDRETRY retry
    DetailPrint "$(MSG_RUNNING)"
    SetErrorLevel 2
    Abort
  ${EndIf}
FunctionEnd
!macroend
!insertmacro CLOSE_CHECK ""
!insertmacro CLOSE_CHECK "un."

; Read PATH of the current mode's environment: $1 = value, $2 = ok | absent | unusable.
; NSIS strings hold NSIS_MAX_STRLEN characters; ReadRegStr fails on a longer
; value (and returns ""), which must not be mistaken for "no PATH": writing
; then would wipe the user's PATH. So a failed read is told apart from an
; absent value by listing the key's values.
!macro READ_PATH UN
Function ${UN}ReadPath
  ClearErrors
  ${If} $MultiUser.InstallMode == "AllUsers"
    ReadRegStr $1 HKLM "${ENV_HKLM}" "Path"
  ${Else}
    ReadRegStr $1 HKCU "${ENV_HKCU}" "Path"
  ${EndIf}
  ${IfNot} ${Errors}
    StrCpy $2 "ok"
    Return
  ${EndIf}
  StrCpy $1 ""
  StrCpy $2 "absent"
  StrCpy $3 0
  ${Do}
    ClearErrors
    ${If} $MultiUser.InstallMode == "AllUsers"
      EnumRegValue $4 HKLM "${ENV_HKLM}" $3
    ${Else}
      EnumRegValue $4 HKCU "${ENV_HKCU}" $3
    ${EndIf}
    ${If} ${Errors}
    ${OrIf} $4 == ""
      ${Break}
    ${EndIf}
    ${If} $4 == "Path"
      StrCpy $2 "unusable"
      ${Break}
    ${EndIf}
    IntOp $3 $3 + 1
  ${Loop}
FunctionEnd

Function ${UN}WritePath
  ${If} $MultiUser.InstallMode == "AllUsers"
    WriteRegExpandStr HKLM "${ENV_HKLM}" "Path" "$1"
  ${Else}
    WriteRegExpandStr HKCU "${ENV_HKCU}" "Path" "$1"
  ${EndIf}
  ; Explorer (and what it starts next) picks up the new PATH.
  SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
FunctionEnd
!macroend
!insertmacro READ_PATH ""
!insertmacro READ_PATH "un."

Function OnInstallMode
  ; MultiUser sets $INSTDIR to the mode's default (or the installed folder);
  ; a folder given with /D= wins.
  ${If} $CommandLineDir != ""
    StrCpy $INSTDIR $CommandLineDir
  ${EndIf}
FunctionEnd

Function un.OnInstallMode
FunctionEnd

; --- install ------------------------------------------------------------------

Section "!$(SEC_MAIN)" SecMain
  SectionIn RO
  Call CloseCheck
  SetOutPath "$INSTDIR"
  ; Upgrade in place: drop the previous version's libraries so nothing stale
  ; is imported (PyInstaller's folder is replaced, never merged). The user's
  ; data is not in here.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE_DIR}\*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0

  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE},0"
  WriteRegStr SHCTX "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINST_KEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD SHCTX "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

Section /o "$(SEC_PATH)" SecPath
  Call ReadPath
  ${If} $2 == "unusable"
    DetailPrint "$(MSG_PATH_LONG)"
    Return
  ${EndIf}
  ; Already there (a reinstall): nothing to do.
  StrCpy $3 ";$1;"
  ${StrStr} $4 $3 ";$INSTDIR;"
  ${If} $4 != ""
    WriteRegDWORD SHCTX "${UNINST_KEY}" "AddedToPath" 1
    Return
  ${EndIf}
  ${If} $1 == ""
    StrCpy $1 "$INSTDIR"
  ${Else}
    StrCpy $5 $1 1 -1
    ${If} $5 == ";"
      StrCpy $1 $1 -1
    ${EndIf}
    ; The new value must fit NSIS's strings, or it would be cut off when written.
    StrLen $5 "$1;$INSTDIR"
    ${If} $5 >= ${NSIS_MAX_STRLEN}
      DetailPrint "$(MSG_PATH_LONG)"
      Return
    ${EndIf}
    StrCpy $1 "$1;$INSTDIR"
  ${EndIf}
  Call WritePath
  WriteRegDWORD SHCTX "${UNINST_KEY}" "AddedToPath" 1
  DetailPrint "PATH: $INSTDIR"
SectionEnd

Section "$(SEC_ASSOC)" SecAssoc
  ; .ovarchive: a dedicated extension, so the archive packages open with our
  ; verifier while .zip files stay with Explorer; .zip gets one extra verb.
  WriteRegStr SHCTX "Software\Classes\${ARCHIVE_EXT}" "" "${PROGID}"
  WriteRegStr SHCTX "Software\Classes\${ARCHIVE_EXT}" "Content Type" "application/zip"
  WriteRegStr SHCTX "Software\Classes\${ARCHIVE_EXT}\OpenWithProgids" "${PROGID}" ""
  WriteRegStr SHCTX "Software\Classes\${PROGID}" "" "$(TYPE_ARCHIVE)"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\${GUI_EXE},0"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\shell" "" "verify"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\shell\verify" "" "$(VERB_VERIFY)"
  ; cmd /k keeps the window with the verdict open.
  WriteRegStr SHCTX "Software\Classes\${PROGID}\shell\verify\command" "" \
    '"$SYSDIR\cmd.exe" /k ""$INSTDIR\${CLI_EXE}" archive verify "%1""'
  WriteRegStr SHCTX "${ZIP_VERB_KEY}" "" "$(VERB_VERIFY)"
  WriteRegStr SHCTX "${ZIP_VERB_KEY}\command" "" \
    '"$SYSDIR\cmd.exe" /k ""$INSTDIR\${CLI_EXE}" archive verify "%1""'
  WriteRegDWORD SHCTX "${UNINST_KEY}" "Associated" 1
  ; SHCNE_ASSOCCHANGED: Explorer re-reads the associations.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Function .onInit
  SetRegView 64
  StrCpy $CommandLineDir $INSTDIR
  !insertmacro MULTIUSER_INIT
  ${GetParameters} $Parameters
  ; /PATH: put the console tool on PATH (also kept on an upgrade that had it).
  ClearErrors
  ${GetOptions} $Parameters "/PATH" $0
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${SecPath}
  ${Else}
    ReadRegDWORD $0 SHCTX "${UNINST_KEY}" "AddedToPath"
    ${If} $0 = 1
      !insertmacro SelectSection ${SecPath}
    ${EndIf}
  ${EndIf}
  ClearErrors
  ${GetOptions} $Parameters "/NOASSOC" $0
  ${IfNot} ${Errors}
    !insertmacro UnselectSection ${SecAssoc}
  ${EndIf}
FunctionEnd

; --- uninstall ----------------------------------------------------------------

Section "un.$(SEC_UNMAIN)" SecUnMain
  SectionIn RO
  Call un.CloseCheck

  ReadRegDWORD $0 SHCTX "${UNINST_KEY}" "AddedToPath"
  ${If} $0 = 1
    Call un.ReadPath
    ${If} $2 == "ok"
      StrCpy $1 ";$1;"
      ${UnStrRep} $1 $1 ";$INSTDIR;" ";"
      StrCpy $1 $1 "" 1
      StrCpy $1 $1 -1
      Call un.WritePath
    ${Else}
      DetailPrint "PATH: remove $INSTDIR by hand"
    ${EndIf}
  ${EndIf}

  ReadRegStr $0 SHCTX "Software\Classes\${ARCHIVE_EXT}" ""
  ${If} $0 == "${PROGID}"
    DeleteRegKey SHCTX "Software\Classes\${ARCHIVE_EXT}"
  ${Else}
    DeleteRegValue SHCTX "Software\Classes\${ARCHIVE_EXT}\OpenWithProgids" "${PROGID}"
  ${EndIf}
  DeleteRegKey SHCTX "Software\Classes\${PROGID}"
  DeleteRegKey SHCTX "${ZIP_VERB_KEY}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  ; Only what the installer put there: never RMDir /r "$INSTDIR" itself
  ; (/D= may have named a folder holding other things).
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"

  DeleteRegKey SHCTX "${UNINST_KEY}"
SectionEnd

; Unselected: the data stays unless the person ticks it or IT passes /REMOVEDATA.
Section /o "un.$(SEC_UNDATA)" SecUnData
  ; The data of the person running the uninstaller (also in per-machine mode:
  ; other users' folders stay; docs/install.md says how IT removes them).
  SetShellVarContext current
  RMDir /r "$LOCALAPPDATA\${DATA_FOLDER}"
  RMDir "$LOCALAPPDATA\${DATA_PARENT}"
  DeleteRegKey HKCU "${SETTINGS_KEY}"
  DeleteRegKey /ifempty HKCU "Software\${DATA_PARENT}"
  ${If} $MultiUser.InstallMode == "AllUsers"
    SetShellVarContext all
  ${EndIf}
  DetailPrint "removed $LOCALAPPDATA\${DATA_FOLDER}"
SectionEnd

Function un.onInit
  SetRegView 64
  !insertmacro MULTIUSER_UNINIT
  ${GetParameters} $Parameters
  ClearErrors
  ${GetOptions} $Parameters "/REMOVEDATA" $0
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${SecUnData}
  ${EndIf}
FunctionEnd
