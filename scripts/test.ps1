# PowerShell twin of scripts/test: hands over to scripts/bootstrap.py, which installs what is missing first.
# Arguments are passed on. Needs Python 3.11 or newer (python.org's installer, with the "py" launcher).
$ErrorActionPreference = "Stop"
if (Get-Command py -ErrorAction SilentlyContinue) {
    & py -3 "$PSScriptRoot\bootstrap.py" test @args
} elseif (Get-Command python -ErrorAction SilentlyContinue) {
    & python "$PSScriptRoot\bootstrap.py" test @args
} else {
    Write-Error "Laci needs Python 3.11 or newer: install it from python.org (with the py launcher), then try again."
}
exit $LASTEXITCODE
