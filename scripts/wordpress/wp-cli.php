<?php
// Runs inside the Debian WordPress install for Loa's real-WordPress script (scripts/wordpress/):
//   php wp-cli.php <config-name> <site-url> install '{"title":…,"admin":{…},"users":[…]}'
//   php wp-cli.php <config-name> <site-url> app-password-create '{"user":"bientap","name":"loa"}'
//   php wp-cli.php <config-name> <site-url> app-password-delete '{"user":"bientap","uuid":"…"}'
// Prints one JSON object. WP-CLI is not packaged in Debian 12, hence this small script.
[$self, $config, $siteUrl, $command, $json] = $argv + [null, null, null, null, '{}'];
$args = json_decode($json, true) ?? [];
$parts = parse_url($siteUrl);
$_SERVER['HTTP_HOST'] = $parts['host'] . (isset($parts['port']) ? ':' . $parts['port'] : '');
$_SERVER['WORDPRESS_CONFIG'] = $config;
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
$_SERVER['REQUEST_METHOD'] = 'GET';
if ($command === 'install') define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/user.php';

function out($value) { echo json_encode($value), "\n"; exit(0); }
function fail($message) { fwrite(STDERR, $message . "\n"); exit(1); }
function user_id($login) {
  $u = get_user_by('login', $login);
  if (!$u) fail("no user $login");
  return $u->ID;
}

if ($command === 'install') {
  if (!is_blog_installed()) {
    $r = wp_install($args['title'], $args['admin']['login'], $args['admin']['email'], false, '', wp_slash($args['admin']['password']), 'vi');
    if (is_wp_error($r)) fail($r->get_error_message());
  }
  update_option('siteurl', $siteUrl);
  update_option('home', $siteUrl);
  update_option('timezone_string', $args['timezone']);
  update_option('permalink_structure', '/%postname%/');
  update_option('blogdescription', '');
  flush_rewrite_rules(false);
  foreach ($args['users'] as $u) {
    $id = username_exists($u['login']);
    $fields = ['user_login' => $u['login'], 'user_email' => $u['email'], 'user_pass' => $u['password'], 'role' => $u['role'], 'display_name' => $u['name']];
    $r = $id ? wp_update_user(['ID' => $id] + $fields) : wp_insert_user($fields);
    if (is_wp_error($r)) fail($r->get_error_message());
  }
  out(['installed' => true, 'version' => get_bloginfo('version'), 'applicationPasswords' => wp_is_application_passwords_available()]);
}
if ($command === 'app-password-create') {
  $r = WP_Application_Passwords::create_new_application_password(user_id($args['user']), ['name' => $args['name']]);
  if (is_wp_error($r)) fail($r->get_error_message());
  out(['password' => WP_Application_Passwords::chunk_password($r[0]), 'uuid' => $r[1]['uuid']]);
}
if ($command === 'app-password-delete') {
  $r = WP_Application_Passwords::delete_application_password(user_id($args['user']), $args['uuid']);
  if (is_wp_error($r)) fail($r->get_error_message());
  out(['deleted' => true]);
}
fail("unknown command $command");
