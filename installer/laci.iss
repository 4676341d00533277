; Inno Setup script for Laci on Windows: a per-user install that needs no administrator.
;
; Made from the one-folder build (scripts\build.ps1 -> dist\laci), e.g.:
;   iscc installer\laci.iss /DSourceDir=..\dist\laci /O..\dist
; which writes dist\Laci-setup-VERSION.exe. VERSION is read from laci.exe's own version information.
;
; - Installs into %LOCALAPPDATA%\Programs\Laci for the person installing (PrivilegesRequired=lowest): a shop's
;   Windows user is rarely an administrator, and nothing here needs one.
; - A Start-menu shortcut, a desktop shortcut (ticked), and, if chosen, Laci starting when Windows starts.
; - The uninstaller removes the program and its shortcuts only. The shop's data (%LOCALAPPDATA%\Laci: the books,
;   pictures, backups made beside them, and the log) is never touched, so removing and reinstalling Laci, or an
;   update, keeps every sale.
; - Signing: with /DSign and a sign tool named "laci" given to the compiler (/Slaci=...), the setup program and
;   its uninstaller are signed; the workflow in .github/workflows/windows.yml does this when a certificate is
;   configured. Without them nothing is signed.

#ifndef SourceDir
  #define SourceDir "..\dist\laci"
#endif
#define AppExe "laci.exe"
#define AppVersion GetVersionNumbersString(AddBackslash(SourceDir) + AppExe)

[Setup]
; The AppId ties updates and the uninstaller to this program: never change it.
AppId={{7B0C9E2A-5D0F-4F5B-9A63-1C4E2D8B6A10}
AppName=Laci
AppVersion={#AppVersion}
AppVerName=Laci {#AppVersion}
AppPublisher=Laci
VersionInfoVersion={#AppVersion}
VersionInfoProductName=Laci
VersionInfoDescription=Laci setup
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DefaultDirName={userpf}\Laci
DefaultGroupName=Laci
DisableProgramGroupPage=yes
DisableDirPage=auto
UsedUserAreasWarning=no
OutputBaseFilename=Laci-setup-{#AppVersion}
SetupIconFile=..\assets\icons\laci.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName=Laci
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; An open Laci is closed (through Windows' Restart Manager) before its files are replaced or removed.
CloseApplications=yes
RestartApplications=no
#ifdef Sign
SignTool=laci
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
english.DesktopIcon=A shortcut on the desktop (Pintasan di desktop)
english.StartAtLogin=Start Laci when Windows starts (Buka Laci saat Windows menyala)
english.RunLaci=Open Laci now (Buka Laci sekarang)

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"
Name: "startatlogin"; Description: "{cm:StartAtLogin}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An update replaces the bundled libraries whole, so nothing from an older version lingers beside the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\Laci"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\Laci"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; Start at login for this user only, removed again by the uninstaller.
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "Laci"; \
  ValueData: """{app}\{#AppExe}"""; Flags: uninsdeletevalue; Tasks: startatlogin

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:RunLaci}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the shop's data is not the program's to remove.
