import path from 'node:path';

/** Where one real-WordPress instance keeps its files (all under its data directory). */
export function sitePaths(dataDir: string, name: string) {
  return {
    dataDir,
    state: path.join(dataDir, 'state.json'),
    lock: path.join(dataDir, 'setup.lock'),
    apacheDir: path.join(dataDir, 'apache'),
    apacheConf: path.join(dataDir, 'apache', 'httpd.conf'),
    pidFile: path.join(dataDir, 'apache', 'httpd.pid'),
    logDir: path.join(dataDir, 'logs'),
    wpContent: path.join(dataDir, 'wp-content'),
    wpConfig: path.join(dataDir, 'wp-config.php'),
    // Debian's /usr/share/wordpress/wp-config.php only reads /etc/wordpress/config-<name>.php;
    // that file just includes the instance's own config from its data directory.
    debianConfig: `/etc/wordpress/config-${name}.php`,
  };
}

export type SitePaths = ReturnType<typeof sitePaths>;

const php = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function wpConfigPhp(o: { paths: SitePaths; siteUrl: string; db: { name: string; user: string; password: string; host: string }; salt: string }): string {
  const keys = ['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'];
  return `<?php
// Written by Loa's scripts/wordpress (a throwaway WordPress for contract tests); rewritten on each start.
define('DB_NAME', ${php(o.db.name)});
define('DB_USER', ${php(o.db.user)});
define('DB_PASSWORD', ${php(o.db.password)});
define('DB_HOST', ${php(o.db.host)});
define('DB_CHARSET', 'utf8mb4');
define('WP_HOME', ${php(o.siteUrl)});
define('WP_SITEURL', ${php(o.siteUrl)});
define('WP_CONTENT_DIR', ${php(o.paths.wpContent)});
define('WP_CONTENT_URL', ${php(`${o.siteUrl}/wp-content`)});
// Application Passwords need HTTPS unless the environment is 'local' (wp_is_application_passwords_supported).
define('WP_ENVIRONMENT_TYPE', 'local');
define('DISABLE_WP_CRON', false);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_DEBUG', false);
${keys.map((k, i) => `define('${k}', ${php(`${o.salt}-${i}`)});`).join('\n')}
$table_prefix = 'wp_';
`;
}

export function debianConfigPhp(paths: SitePaths): string {
  return `<?php\nrequire ${php(paths.wpConfig)};\n`;
}

/** An Apache of its own: own port on loopback, pid, logs and config, serving /usr/share/wordpress with mod_php. */
export function apacheConf(o: { paths: SitePaths; port: number; configName: string; runAs: string | null }): string {
  const m = (name: string, file: string) => `LoadModule ${name} /usr/lib/apache2/modules/${file}`;
  const p = o.paths;
  return `# Written by Loa's scripts/wordpress; rewritten on each start.
ServerRoot "${p.apacheDir}"
ServerName 127.0.0.1
Listen 127.0.0.1:${o.port}
PidFile "${p.pidFile}"
DefaultRuntimeDir "${p.apacheDir}"
Mutex file:${p.apacheDir} default
${m('mpm_prefork_module', 'mod_mpm_prefork.so')}
${m('authz_core_module', 'mod_authz_core.so')}
${m('dir_module', 'mod_dir.so')}
${m('mime_module', 'mod_mime.so')}
${m('rewrite_module', 'mod_rewrite.so')}
${m('env_module', 'mod_env.so')}
${m('alias_module', 'mod_alias.so')}
${m('php_module', 'libphp8.2.so')}
${o.runAs ? `User ${o.runAs}\nGroup ${o.runAs}` : ''}
StartServers 2
MinSpareServers 2
MaxSpareServers 4
MaxRequestWorkers 12
Timeout 120
KeepAlive On
ErrorLog "${p.logDir}/error.log"
LogFormat "%h %t \\"%r\\" %>s %D" loa
CustomLog "${p.logDir}/access.log" loa
TypesConfig /etc/mime.types
SetEnv WORDPRESS_CONFIG ${o.configName}
DocumentRoot /usr/share/wordpress
DirectoryIndex index.php
<Directory />
  AllowOverride None
  Require all denied
</Directory>
<Directory /usr/share/wordpress>
  Options FollowSymLinks
  AllowOverride None
  Require all granted
  RewriteEngine On
  RewriteBase /
  RewriteRule ^index\\.php$ - [L]
  RewriteCond %{REQUEST_FILENAME} !-f
  RewriteCond %{REQUEST_FILENAME} !-d
  RewriteRule . /index.php [L]
</Directory>
Alias /wp-content "${p.wpContent}"
<Directory "${p.wpContent}">
  Require all granted
  php_admin_flag engine off
</Directory>
<FilesMatch "\\.php$">
  SetHandler application/x-httpd-php
</FilesMatch>
`;
}
