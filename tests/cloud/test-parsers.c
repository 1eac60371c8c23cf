/* test-parsers.c: every response parser against hostile shapes (the API's quirks, wrong types,
 * truncations and random mutations)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "lw-cloud.h"
#include "lw-cloud-fuzz.h"

static const char * const corpus[] = {
  "{}",
  "{\"RequestId\":null,\"Code\":null}",
  /* Wrapper objects and plain arrays for the same lists. */
  "{\"Items\":{\"DBInstance\":[{\"DBInstanceId\":\"rm-1\",\"Port\":\"3306\",\"VpcId\":\"vpc-1\"}]},\"TotalRecordCount\":\"1\"}",
  "{\"Items\":[{\"DBInstanceId\":\"rm-1\"}],\"TotalRecordCount\":1}",
  "{\"Items\":{\"DBInstanceAttribute\":[{\"Port\":3306,\"VPCId\":\"vpc-1\"}],\"DBInstanceIPArray\":[{\"SecurityIPList\":\"a,b\"}]}}",
  "{\"DBInstanceNetInfos\":{\"DBInstanceNetInfo\":[{\"IPType\":\"Private\",\"Port\":\"70000\",\"IPAddress\":\"1.2.3.4\"}]}}",
  "{\"Regions\":{\"RDSRegion\":[{\"RegionId\":\"cn-hangzhou\"},1,null,\"x\"]}}",
  "{\"VSwitches\":{\"VSwitch\":[{\"AvailableIpAddressCount\":\"252\",\"IsDefault\":\"true\"}]},\"TotalCount\":\"x\"}",
  "{\"Zones\":{\"Zone\":{\"ZoneId\":\"not-an-array\"}}}",
  /* NLB quirks: LoadbalancerId, string Port, the HeathCheckEnabled typo. */
  "{\"LoadbalancerId\":\"nlb-1\",\"OrderId\":123456789012345,\"JobId\":7}",
  "{\"ServerGroups\":[{\"ServerGroupId\":\"sgp-1\",\"RelatedLoadBalancerIds\":[\"nlb-1\",2,null]}]}",
  "{\"Servers\":[{\"Port\":\"3306\",\"Weight\":-1}],\"NextToken\":123}",
  "{\"ZoneMappings\":[{\"LoadBalancerAddresses\":[null,{\"PrivateIPv4Address\":1}]}],\"LoadBalancerStatus\":[]}",
  "{\"ListenerHealthStatus\":[{\"ServerGroupInfos\":[{\"HeathCheckEnabled\":true,\"NonNormalServers\":[{\"Reason\":\"str\"},{\"Reason\":{\"ReasonCode\":5}}]}]},7]}",
  "{\"ListenerPort\":\"99999999999\",\"ListenerStatus\":{}}",
  /* PrivateLink: int64 UserId, string TotalCount, Success as a string. */
  "{\"Users\":[{\"UserId\":5000000000000001},{\"UserId\":\"12\"},{\"UserId\":1.5e300}],\"TotalCount\":\"3\"}",
  "{\"Connections\":[{\"EndpointOwnerId\":-5,\"ResourceOwner\":\"true\"},{\"EndpointOwnerId\":\"99999999999999999999999\"}]}",
  "{\"ServiceId\":\"epsrv-1\",\"Zones\":{\"Zone\":[\"a\",1]},\"AutoAcceptEnabled\":\"false\",\"Success\":\"true\"}",
  "{\"Resources\":[{\"ResourceId\":{}}]}",
  /* Error bodies of both clouds. */
  "{\"Code\":\"Forbidden.RAM\",\"Message\":\"no\",\"AccessDeniedDetail\":{\"PolicyType\":\"x\",\"n\":[1,2]},\"Recommend\":5}",
  "{\"code\":49900007,\"message\":\"rate\",\"details\":[{\"@type\":\"x\"}]}",
  "{\"code\":\"InvalidParameter\",\"error\":{\"a\":1},\"msgPrefix\":null,\"status\":400}",
  "{\"code\":\"X\",\"error\":\"plain\"}",
  /* TiDB objects. */
  "{\"id\":1,\"name\":null,\"org_id\":2,\"cluster_count\":\"3\"}",
  "{\"clusterId\":\"1\",\"region\":\"not-an-object\",\"labels\":[]}",
  "{\"clusterId\":\"1\",\"region\":{\"provider\":\"alicloud\"},\"labels\":{\"tidb.cloud/project\":7}}",
  "{\"accountId\":5000000000000001,\"azIds\":\"cn-hangzhou-i\"}",
  "{\"privateLinkConnectionId\":\"plc-1\",\"alicloudEndpointService\":{\"availabilityZoneIds\":[1,\"a\",null,{}]}}",
};

static void
test_corpus (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    {
      g_test_message ("%s", corpus[i]);
      lw_cloud_fuzz_responses ((const guint8 *) corpus[i], strlen (corpus[i]));
    }
  /* Not JSON, not an object, empty. */
  lw_cloud_fuzz_responses ((const guint8 *) "", 0);
  lw_cloud_fuzz_responses ((const guint8 *) "[1,2]", 5);
  lw_cloud_fuzz_responses ((const guint8 *) "{\"a\":", 5);
  lw_cloud_fuzz_responses ((const guint8 *) "\xff\xfe{}", 4);
}

static void
test_mutations (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261125);

  /* Byte flips, truncations and splices of the corpus; many still parse as JSON. */
  for (guint n = 0; n < 3000; n++)
    {
      const char *base = corpus[g_rand_int_range (rand, 0, G_N_ELEMENTS (corpus))];
      gsize len = strlen (base);
      g_autofree guint8 *buf = g_memdup2 (base, len + 1);
      guint flips = g_rand_int_range (rand, 1, 4);

      for (guint k = 0; k < flips; k++)
        {
          const char alphabet[] = "{}[]\",:0123456789.-eE truefalsnul\\";
          buf[g_rand_int_range (rand, 0, (gint32) len)] = (guint8) alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
        }
      lw_cloud_fuzz_responses (buf, g_rand_boolean (rand) ? len : (gsize) g_rand_int_range (rand, 0, (gint32) len + 1));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cloud/parsers/corpus", test_corpus);
  g_test_add_func ("/cloud/parsers/mutations", test_mutations);
  return g_test_run ();
}
